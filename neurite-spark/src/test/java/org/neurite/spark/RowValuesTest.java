package org.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class RowValuesTest {
    @Test
    void vectorsArraysAndNumbersBecomeFloats() {
        Row row = RowFactory.create(Vectors.dense(1.5, -2, 0.25), scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(3.0f, 4.0f)).toSeq(), 7.0, 2);
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, RowValues.floats(row, 0, "features"));
        assertArrayEquals(new float[] {3f, 4f}, RowValues.floats(row, 1, "pixels"));
        assertArrayEquals(new float[] {7f}, RowValues.floats(row, 2, "label"));
        assertArrayEquals(new float[] {2f}, RowValues.floats(row, 3, "label"));
        assertArrayEquals(new float[] {0f, 5f}, RowValues.floats(RowFactory.create(Vectors.sparse(2, new int[] {1}, new double[] {5})), 0, "v"));
    }

    @Test
    void otherCellsFailNamingTheColumn() {
        Row row = RowFactory.create("cat", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RowValues.floats(row, 0, "features"));
        assertTrue(e.getMessage().contains("column features") && e.getMessage().contains("java.lang.String"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RowValues.floats(row, 1, "label"));
        assertTrue(e.getMessage().contains("column label: null"), e.getMessage());
    }
}
