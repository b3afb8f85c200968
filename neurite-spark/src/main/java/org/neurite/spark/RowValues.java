package org.neurite.spark;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/** Numbers of a DataFrame cell as floats: a vector, an array of numbers, or a single number. */
final class RowValues {
    private RowValues() {}

    static float[] floats(Row row, int index, String what) {
        Object cell = row.get(index);
        if (cell == null) throw new IllegalArgumentException(what + " column " + row.schema().fields()[index].name() + ": null in row " + row);
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
                if (!(list.get(i) instanceof Number n)) throw new IllegalArgumentException(what + " column " + row.schema().fields()[index].name() + ": element " + i + " is " + list.get(i) + ", expected a number");
                f[i] = n.floatValue();
            }
            return f;
        }
        throw new IllegalArgumentException(what + " column " + row.schema().fields()[index].name() + ": expected a vector, an array of numbers or a number, got "
                + cell.getClass().getName());
    }
}
