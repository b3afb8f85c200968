package org.neurite.analysis.calculus;

/**
 * Eigenvalues of a small symmetric matrix by the cyclic Jacobi method: rotations zero the
 * off-diagonal entries one by one until they are negligible; the diagonal is then the spectrum.
 * Robust and exact enough for the Hessians of a few variables this package handles.
 */
public final class SymmetricEigen {
    private SymmetricEigen() {}

    /**
     * The eigenvalues of a real symmetric matrix.
     *
     * @param matrix an n x n symmetric matrix (not changed)
     * @return its n eigenvalues, ascending
     * @throws IllegalArgumentException if the matrix is not square and symmetric
     */
    public static double[] eigenvalues(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) throw new IllegalArgumentException("matrix is not square: row " + i + " has " + matrix[i].length + " entries, expected " + n);
            a[i] = matrix[i].clone();
            for (double v : a[i]) scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * Math.max(1, scale)) throw new IllegalArgumentException("matrix is not symmetric at (" + i + ", " + j + ")");
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
            if (off <= 1e-30 * Math.max(1, scale * scale)) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // A <- A J (columns p, q)
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // A <- J^T A (rows p, q)
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) ev[i] = a[i][i];
        java.util.Arrays.sort(ev);
        return ev;
    }
}
