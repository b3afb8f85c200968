package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesCsvTest {
    @TempDir
    Path tmp;

    Path csv(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsDatesAndValues() throws IOException {
        Path p = csv("s.csv", "\uFEFFmonth,passengers\r\n1949-01,112\r\n\"1949-02\",118.5\r\n1949-03, -1.5e2 \r\n\r\n");
        TimeSeriesCsv.Series s = TimeSeriesCsv.read(p);
        assertEquals("month", s.dateColumn());
        assertEquals("passengers", s.valueColumn());
        assertEquals(java.util.List.of("1949-01", "1949-02", "1949-03"), s.dates());
        assertArrayEquals(new float[] {112, 118.5f, -150}, s.values());
    }

    @Test
    void namedValueColumn() throws IOException {
        Path p = csv("m.csv", "t,a,b\n1,2,3\n2,4,5\n");
        assertArrayEquals(new float[] {3, 5}, TimeSeriesCsv.read(p, "b").values());
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> TimeSeriesCsv.read(p, "c")),
                "m.csv:1", "no column named \"c\"", "t, a, b");
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> TimeSeriesCsv.read(csv("a.csv", "month,x\n1949-01,1\n1949-02\n"))), "a.csv:3", "expected 2 fields", "found 1");
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> TimeSeriesCsv.read(csv("b.csv", "month,x\n1949-01,1\n1949-02,12a\n"))), "b.csv:3", "\"12a\"", "not a finite decimal number");
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> TimeSeriesCsv.read(csv("c.csv", "month,x\n1949-01,NA\n"))), "c.csv:2", "missing value \"NA\"");
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> TimeSeriesCsv.read(csv("d.csv", "month,x\n1949-01,1e999\n"))), "d.csv:2", "not a finite");
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> TimeSeriesCsv.read(csv("e.csv", ""))), "e.csv", "empty");
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> TimeSeriesCsv.read(csv("f.csv", "month,x\n"))), "f.csv", "no data rows");
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> TimeSeriesCsv.read(csv("g.csv", "justone\n1\n"))), "g.csv:1", "at least 2");
        Files.write(tmp.resolve("h.csv"), new byte[] {'a', ',', 'b', '\n', '1', ',', (byte) 0xff, '\n'});
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class,
                () -> TimeSeriesCsv.read(tmp.resolve("h.csv"))), "h.csv", "UTF-8");
    }

    @Test
    void windowsForForecasting() {
        Dataset d = TimeSeriesCsv.windows(new float[] {1, 2, 3, 4, 5, 6}, 3);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {3, 3, 1}, d.features().shape().dims());
        assertArrayEquals(new int[] {3, 1}, d.targets().shape().dims());
        assertArrayEquals(new float[] {1, 2, 3, 2, 3, 4, 3, 4, 5}, d.features().data());
        assertArrayEquals(new float[] {4, 5, 6}, d.targets().data());
        IdxReaderTest.assertMessage(assertThrows(IllegalArgumentException.class,
                () -> TimeSeriesCsv.windows(new float[3], 3)), "3 values is too short for lookBack 3", "at least 4");
        assertThrows(IllegalArgumentException.class, () -> TimeSeriesCsv.windows(new float[3], 0));
    }

    @Test
    void realSeries() throws IOException {
        Path dir = TestDatasets.require("timeseries", "time series CSVs");
        TimeSeriesCsv.Series air = TimeSeriesCsv.read(dir.resolve("airline-passengers.csv"));
        assertEquals(144, air.size());
        assertEquals(112f, air.values()[0]);
        assertEquals(432f, air.values()[143]);
        assertEquals("1949-01", air.dates().get(0));
        assertEquals("1960-12", air.dates().get(143));
        assertEquals("passengers", air.valueColumn());

        TimeSeriesCsv.Series sun = TimeSeriesCsv.read(dir.resolve("sunspots-monthly.csv"));
        assertEquals(3177, sun.size());
        assertEquals(62.6f, sun.values()[1]);

        TimeSeriesCsv.Series dax = TimeSeriesCsv.read(dir.resolve("eustockmarkets-dax-daily-close.csv"), "DAX");
        assertEquals(1860, dax.size());
        assertEquals(1628.75f, dax.values()[0]);
        assertEquals("1991.496154", dax.dates().get(0));

        Dataset w = TimeSeriesCsv.windows(air.values(), 12);
        assertEquals(132, w.size());
        assertEquals(air.values()[12], w.targets().data()[0]);
    }
}
