package org.neurite.nn.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neurite.nn.Display;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.TestNetworks;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

class ProgressBarTest {
    private static String run(ProgressBar bar, ByteArrayOutputStream bytes, float validationSplit) {
        Tensor[] data = TestNetworks.separable(100, 1);
        Trainer trainer = new Trainer(new TestNetworks.LogisticRegression(2, 1, false, null), new SGD(0.1f), new BinaryCrossentropy(), List.of(new Accuracy()));
        trainer.fit(data[0], data[1], new FitConfig().epochs(2).batchSize(32).validationSplit(validationSplit).callbacks(bar).verbose(0));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerEpochWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String out = run(new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false), bytes, 0.2f);
        String[] lines = out.split("\n");
        assertEquals(4, lines.length, out);
        assertEquals("Epoch 1/2", lines[0]);
        assertEquals("Epoch 2/2", lines[2]);
        // 80 training samples in batches of 32: 3 steps
        String num = "\\d+\\.\\d{4}(e[-+]\\d+)?";
        assertTrue(lines[1].matches("3/3 \\[={30}] - \\d+s \\d+(s|ms|us)/step - loss: " + num + " - accuracy: " + num
                + " - val_loss: " + num + " - val_accuracy: " + num), lines[1]);
        assertFalse(out.contains("\r"));
    }

    @Test
    void redrawsInPlaceOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String out = run(new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true), bytes, 0f);
        assertTrue(out.startsWith("Epoch 1/2\n\r"), out);
        assertTrue(out.contains("\r4/4 [==============================] - "), out);
    }

    @Test
    void verboseTwoPrintsABriefLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String out = run(new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 2), bytes, 0f);
        String[] lines = out.split("\n");
        assertEquals(4, lines.length, out);
        assertTrue(lines[1].matches("4/4 - \\d+s - loss: \\S+ - accuracy: \\S+ - \\d+s/epoch - \\d+(s|ms|us)/step"), lines[1]);
    }

    @Test
    void kerasBarAndNumberFormats() {
        assertEquals("[" + ".".repeat(30) + "]", ProgressBar.bar(0, 10));
        assertEquals("[" + "=".repeat(14) + ">" + ".".repeat(15) + "]", ProgressBar.bar(5, 10));
        assertEquals("[" + "=".repeat(30) + "]", ProgressBar.bar(10, 10));
        assertEquals(" 12/938", ProgressBar.counter(12, 938));
        Map<String, Float> logs = new LinkedHashMap<>();
        logs.put("loss", 0.23456f);
        logs.put("accuracy", 0.0001f);
        assertEquals(" - loss: 0.2346 - accuracy: 1.0000e-04", ProgressBar.values(logs));
        assertEquals("13ms/step", ProgressBar.perStep(0.013));
        assertEquals("250us/step", ProgressBar.perStep(0.00025));
        assertEquals("1:05", ProgressBar.duration(65));
    }

    /** fit's own progress under -Dneurite.progress, captured through Display. */
    private static String fitWithSwitch(String mode, int verbose) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String before = System.getProperty(ProgressBar.Mode.PROPERTY);
        System.setProperty(ProgressBar.Mode.PROPERTY, mode);
        Display.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Tensor[] data = TestNetworks.separable(100, 1);
            Trainer trainer = new Trainer(new TestNetworks.LogisticRegression(2, 1, false, null), new SGD(0.1f), new BinaryCrossentropy(), List.of(new Accuracy()));
            trainer.fit(data[0], data[1], new FitConfig().epochs(2).batchSize(32).verbose(verbose));
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            Display.setOut(null);
            if (before == null) System.clearProperty(ProgressBar.Mode.PROPERTY);
            else System.setProperty(ProgressBar.Mode.PROPERTY, before);
        }
    }

    @Test
    void progressSwitch() {
        String lines = fitWithSwitch("lines", 1);
        assertEquals(4, lines.split("\n").length, lines);
        assertFalse(lines.contains("\r"), lines);
        String bar = fitWithSwitch("bar", 1);
        assertTrue(bar.startsWith("Epoch 1/2\n\r"), bar);
        assertEquals("", fitWithSwitch("off", 1));
        assertEquals("", fitWithSwitch("auto", 0), "verbose 0 is silent whatever the switch");
        // auto on a stream other than the process' standard output is never a terminal
        String auto = fitWithSwitch("AUTO", 1);
        assertFalse(auto.contains("\r"), auto);
        String brief = fitWithSwitch("bar", 2);
        assertTrue(brief.split("\n")[1].matches("4/4 - \\d+s - loss: .*"), brief);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fitWithSwitch("fancy", 1));
        assertEquals("-Dneurite.progress: expected auto, bar, lines or off, got 'fancy'", e.getMessage());
    }

    @Test
    void noConsoleIsNoTerminal() {
        assertFalse(Terminal.isInteractive(null));
        System.clearProperty(ProgressBar.Mode.PROPERTY);
        assertNull(ProgressBar.forFit(0));
    }
}
