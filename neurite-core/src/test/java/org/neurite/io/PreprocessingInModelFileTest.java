package org.neurite.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.CsvTable;
import org.neurite.data.ImageFolder;
import org.neurite.data.ImagePreprocessing;
import org.neurite.data.ImageResize;
import org.neurite.data.TablePreprocessing;
import org.neurite.data.TextVectorizer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;

/** The fitted input transform travels in the model file: inference after load applies the same one. */
class PreprocessingInModelFileTest {
    @TempDir
    Path dir;

    @Test
    void tableTransformIsSavedAndRestored() throws IOException {
        CsvTable train = CsvTable.parse("a,b,c,y\n1,x,5,p\n2,y,NA,q\n4,x,7,p\n", "train.csv", true);
        TablePreprocessing p = TablePreprocessing.fit(train, new TablePreprocessing.Options("y").missing(TablePreprocessing.Missing.FILL_MEAN));
        Model m = new Sequential(new Dense(2).inputShape(p.featureSize())).seed(1).preprocessor(p);
        Path f = dir.resolve("t.nrt");
        m.save(f);
        Model back = Model.load(f);
        TablePreprocessing q = assertInstanceOf(TablePreprocessing.class, back.preprocessor());
        CsvTable infer = CsvTable.parse("c,b,a\nNA,z,3\n6,y,1\n", "new.csv", true);
        assertArrayEquals(p.features(infer), q.features(infer));
        assertEquals(p.classNames(), q.classNames());
        assertEquals(p.inputNames(), q.inputNames());
    }

    @Test
    void textAndImageTransformsAreSavedAndRestored() throws IOException {
        TextVectorizer t = TextVectorizer.adapt(List.of("a b b c", "c c c"), 10, 5);
        Model m = new Sequential(new Dense(1).inputShape(5)).seed(1).preprocessor(t);
        Path f = dir.resolve("x.nrt");
        m.save(f);
        TextVectorizer back = assertInstanceOf(TextVectorizer.class, Model.load(f).preprocessor());
        assertEquals(t.vocabulary(), back.vocabulary());

        ImagePreprocessing ip = new ImagePreprocessing(8, 6, ImageFolder.ColorMode.GRAYSCALE, ImageResize.Interpolation.NEAREST, List.of("cat", "dog"), 255f);
        m.preprocessor(ip).save(f);
        assertEquals(ip, Model.load(f).preprocessor());
        m.preprocessor(null).save(f);
        assertNull(Model.load(f).preprocessor());
    }

    @Test
    void corruptPreprocessingIsReportedByFile() throws IOException {
        Model m = new Sequential(new Dense(1).inputShape(2)).seed(1).preprocessor(TextVectorizer.adapt(List.of("a"), 0, 2));
        Path f = dir.resolve("bad.nrt");
        m.save(f);
        byte[] b = Files.readAllBytes(f);
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\"kind\":\"text\"", "\"kind\":\"tezt\"");
        Files.write(f, s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Model.load(f));
        assertTrue(e.getMessage().contains("bad.nrt") && e.getMessage().contains("tezt"), e.getMessage());
        Files.write(f, s.replace("\"kind\":\"tezt\",\"standardize\"", "\"kind\":\"text\",\"standardizf\"").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        e = assertThrows(ModelFormatException.class, () -> Model.load(f));
        assertTrue(e.getMessage().contains("bad.nrt") && e.getMessage().contains("corrupt text preprocessing"), e.getMessage());
    }
}
