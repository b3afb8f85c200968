package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    @Test
    void parsesNastyRfc4180Quoting() {
        String text = "\uFEFFid,\"na,me\",note\r\n"
                + "1,\"Smith, John\",\"He said \"\"hi\"\"\"\r\n"
                + "2,\"multi\r\nline\nfield\",\r\n"
                + "3,plain text ,\"\"\r\n"
                + "\r\n"
                + "4,\"\"\"quoted\"\"\",last";
        List<CsvParser.Record> r = CsvParser.parseAll(text, "t.csv");
        assertEquals(5, r.size());
        assertEquals(List.of("id", "na,me", "note"), r.get(0).fields());
        assertEquals(List.of("1", "Smith, John", "He said \"hi\""), r.get(1).fields());
        assertEquals(List.of("2", "multi\r\nline\nfield", ""), r.get(2).fields());
        assertEquals(List.of("3", "plain text ", ""), r.get(3).fields());
        assertEquals(List.of("4", "\"quoted\"", "last"), r.get(4).fields());
        assertEquals(List.of(1, 2, 3, 6, 8), r.stream().map(CsvParser.Record::line).toList()); // start lines, multi-line field counted
    }

    @Test
    void malformedCsvIsReportedWithTheLine() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> CsvParser.parseAll("a,b\n1,\"open\n2,3\n", "bad.csv"));
        assertTrue(e.getMessage().contains("bad.csv:2") && e.getMessage().contains("never closed"), e.getMessage());
        e = assertThrows(UncheckedIOException.class, () -> CsvParser.parseAll("a,b\n1,\"x\"y\n", "bad.csv"));
        assertTrue(e.getMessage().contains("bad.csv:2") && e.getMessage().contains("after the closing quote"), e.getMessage());
        e = assertThrows(UncheckedIOException.class, () -> CsvParser.parseAll("a,b\n1,x\"y\n", "bad.csv"));
        assertTrue(e.getMessage().contains("bad.csv:2"), e.getMessage());
        e = assertThrows(UncheckedIOException.class, () -> CsvTable.parse("a,b\n1,2\n3\n", "short.csv", true));
        assertTrue(e.getMessage().contains("short.csv:3") && e.getMessage().contains("expected 2 fields"), e.getMessage());
    }

    @Test
    void headerlessAndFromFile() throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "1,2\r\n3,4\r\n", StandardCharsets.UTF_8);
        CsvTable t = CsvTable.read(f, false);
        assertEquals(List.of("column_0", "column_1"), t.columns());
        assertEquals(2, t.size());
        assertEquals("4", t.get(1, 1));
        Files.write(f, new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvTable.read(f));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    static final String TABLE = """
            size,color,price,kind
            1,red,10,a
            2,blue,NA,b
            3,red,30,a
            ,green,40,b
            5,blue,50,NA
            """;

    @Test
    void fitsOnTrainingRowsOnlyAndEncodesByHand() {
        CsvTable t = CsvTable.parse(TABLE, "toy.csv", true);
        // FILL_MEAN: rows with the target present are 1..4 (the last has kind NA and is left out of fitting)
        TablePreprocessing p = TablePreprocessing.fit(t, new TablePreprocessing.Options("kind").missing(TablePreprocessing.Missing.FILL_MEAN));
        assertEquals(List.of("size", "color=blue", "color=green", "color=red", "price"), p.inputNames());
        assertEquals(List.of("a", "b"), p.classNames());
        // size over rows with the target: 1, 2, 3 (4th missing): mean 2, population std sqrt(2/3)
        // price: 10, 30, 40: mean 80/3, std sqrt(((10-80/3)^2 + (30-80/3)^2 + (40-80/3)^2)/3)
        double sizeStd = Math.sqrt(2.0 / 3), pm = 80.0 / 3;
        double ps = Math.sqrt((Math.pow(10 - pm, 2) + Math.pow(30 - pm, 2) + Math.pow(40 - pm, 2)) / 3);
        TableSource s = p.transform(t);
        assertEquals(4, s.size());
        assertEquals(1, s.droppedRows()); // the row whose target is NA
        float[] x = new float[5], y = new float[1];
        s.read(1, x, 0, y, 0); // 2,blue,NA,b : price filled with the training mean -> standardised 0
        assertArrayEquals(new float[] {0f, 1, 0, 0, 0f}, x, 1e-6f);
        assertEquals(1f, y[0]);
        s.read(3, x, 0, y, 0); // ,green,40,b : size filled with mean 2 -> 0
        assertArrayEquals(new float[] {0f, 0, 1, 0, (float) ((40 - pm) / ps)}, x, 1e-6f);
        s.read(0, x, 0, y, 0);
        assertEquals((float) ((1 - 2) / sizeStd), x[0], 1e-6f);
        assertEquals(7, s.line(3) + 2); // line 5 of the file

        // an unknown category at inference is all zeros, never another category
        CsvTable infer = CsvTable.parse("kind,price,color,size\nx,10,purple,2\n", "new.csv", true);
        float[] f = p.features(infer);
        assertArrayEquals(new float[] {0f, 0, 0, 0, (float) ((10 - pm) / ps)}, f, 1e-6f);
    }

    @Test
    void dropPolicyIndexEncodingAndErrorsNamingRowAndColumn() {
        CsvTable t = CsvTable.parse(TABLE, "toy.csv", true);
        TablePreprocessing p = TablePreprocessing.fit(t, new TablePreprocessing.Options("kind").encoding(TablePreprocessing.Encoding.INDEX).standardize(false));
        TableSource s = p.transform(t);
        assertEquals(2, s.size()); // rows 1 and 3 are complete
        float[] x = new float[3], y = new float[1];
        s.read(1, x, 0, y, 0);
        assertArrayEquals(new float[] {3, 1, 30}, x); // vocabulary learned on rows 1 and 3: [red] -> index 1
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.features(CsvTable.parse("size,color,price\n1,red,NA\n", "in.csv", true)));
        assertTrue(e.getMessage().contains("in.csv:2") && e.getMessage().contains("\"price\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.features(CsvTable.parse("size,color,price\nbig,red,1\n", "in.csv", true)));
        assertTrue(e.getMessage().contains("in.csv:2") && e.getMessage().contains("\"size\"") && e.getMessage().contains("big"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.features(CsvTable.parse("size,price\n1,1\n", "in.csv", true)));
        assertTrue(e.getMessage().contains("color"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.transform(CsvTable.parse("size,color,price,kind\n1,red,1,zzz\n", "ev.csv", true)));
        assertTrue(e.getMessage().contains("ev.csv:2") && e.getMessage().contains("zzz"), e.getMessage());
        // fill with a given value; few integral target values are classes unless the target type says numeric
        TablePreprocessing v = TablePreprocessing.fit(t, new TablePreprocessing.Options("price").fillMissing(-1).standardize(false)
                .standardizeTarget(false).features("size"));
        assertEquals(true, v.categoricalTarget());
        TablePreprocessing r = TablePreprocessing.fit(t, new TablePreprocessing.Options("price").fillMissing(-1).standardize(false)
                .standardizeTarget(false).features("size").targetType(TablePreprocessing.TargetType.NUMERIC));
        assertEquals(false, r.categoricalTarget());
        assertArrayEquals(new float[] {1, 2, 3, -1, 5}, r.features(t)); // the missing size filled with -1
    }

    @Test
    void targetTypeRules() {
        StringBuilder many = new StringBuilder("x,y\n");
        for (int i = 0; i < 30; i++) many.append(i).append(',').append(i * 3).append('\n');
        CsvTable t = CsvTable.parse(many.toString(), "m.csv", true);
        TablePreprocessing reg = TablePreprocessing.fit(t, new TablePreprocessing.Options("y"));
        assertEquals(false, reg.categoricalTarget());
        // standardised target: mean 43.5, population std of 0,3,..,87 = 3 * sqrt((30^2 - 1) / 12)
        double std = 3 * Math.sqrt((900 - 1) / 12.0);
        float[] y = new float[1], x = new float[1];
        reg.transform(t).read(0, x, 0, y, 0);
        assertEquals((float) (-43.5 / std), y[0], 1e-6f);
        assertEquals(0.0, reg.targetToOriginal(y[0]), 1e-4);
        CsvTable few = CsvTable.parse("x,y\n1,10\n2,2\n3,10\n", "f.csv", true);
        TablePreprocessing cls = TablePreprocessing.fit(few, new TablePreprocessing.Options("y"));
        assertEquals(List.of("2", "10"), cls.classNames()); // numeric classes sorted by value, not as strings
    }

    @Test
    void penguinsRealTable() throws IOException {
        Path dirP = TestDatasets.require("penguins", "penguins");
        CsvTable t = CsvTable.read(dirP.resolve("penguins.csv"));
        assertEquals(344, t.size());
        CsvTable.Split split = t.split(0.2, 1);
        TablePreprocessing p = TablePreprocessing.fit(split.train(), new TablePreprocessing.Options("species").categorical("year"));
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), p.classNames());
        assertTrue(p.inputNames().containsAll(List.of("island=Biscoe", "island=Dream", "island=Torgersen", "sex=female", "sex=male", "year=2007")), p.inputNames().toString());
        TableSource train = p.transform(split.train());
        TableSource test = p.transform(split.test());
        // 11 rows have NA somewhere (2 all-NA + 9 sex-only NA): DROP removes them
        assertEquals(344 - 11, train.size() + test.size());
        // a standardised numeric column has mean 0 over the training rows
        int col = p.inputNames().indexOf("bill_length_mm");
        double sum = 0;
        float[] x = new float[p.featureSize()], y = new float[1];
        for (int i = 0; i < train.size(); i++) {
            train.read(i, x, 0, y, 0);
            sum += x[col];
        }
        assertEquals(0, sum / train.size(), 1e-5);
    }
}
