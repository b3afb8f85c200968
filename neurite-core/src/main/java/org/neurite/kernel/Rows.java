package org.neurite.kernel;

/** Row lookup in a (v, d) table and its adjoint, the loops of embeddings. */
public final class Rows {
    private Rows() {}

    /** o[i, :] = table[rows[i], :] for a table of v rows of d values; a row outside [0, v) fails naming it. */
    public static void gather(float[] table, int v, int d, int[] rows, float[] o) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= v) throw new IndexOutOfBoundsException("gather: row " + rows[i] + " outside [0, " + v + ")");
            System.arraycopy(table, rows[i] * d, o, i * d, d);
        }
    }

    /** o[rows[i], :] += src[i, :] for rows of d values. */
    public static void scatterAdd(float[] src, int d, int[] rows, float[] o) {
        for (int i = 0; i < rows.length; i++) {
            int base = rows[i] * d, from = i * d;
            for (int j = 0; j < d; j++) o[base + j] += src[from + j];
        }
    }
}
