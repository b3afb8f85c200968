package org.neurite.spark;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/** Numbers of a DataFrame cell as floats: a vector, an array of numbers, or a single number. */
final class RowValues {
    private RowValues() {}

    /** The cell at {@code index} (of the column named {@code column}, for messages) as floats. */
    static float[] floats(Row row, int index, String column) {
        Object cell = row.get(index);
        if (cell == null) throw new IllegalArgumentException("column " + column + ": null in row " + row);
        if (cell instanceof Vector v) {
            double[] d = v.toArray();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
            return f;
        }
        if (cell instanceof Number n) return new float[] {n.floatValue()};
        if (cell instanceof scala.collection.Seq<?> || cell instanceof List<?>) {
            List<Object> list = row.getList(index);
            float[] f = new float[list.size()];
            for (int i = 0; i < f.length; i++) {
                if (!(list.get(i) instanceof Number n)) throw new IllegalArgumentException("column " + column + ": element " + i + " is " + list.get(i) + ", expected a number, in row " + row);
                f[i] = n.floatValue();
            }
            return f;
        }
        throw new IllegalArgumentException("column " + column + ": expected a vector, an array of numbers or a number, got " + cell.getClass().getName() + " in row " + row);
    }
}
