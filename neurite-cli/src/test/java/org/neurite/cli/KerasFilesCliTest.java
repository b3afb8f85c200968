package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two exam architectures of issue 11 (exam 001's siamese tower and exam 003's encoder-decoder,
 * with the exams' {@code bias_initializer=tf.constant_initializer(value=-0.1)}, written as Keras
 * 2.11 {@code to_json()} by {@code src/test/resources/keras/make_exam_json.py}) through
 * {@code summary} and {@code receptive-field}; lenient loading with the skipped fields listed, and
 * {@code --strict}. Expected numbers are Keras' formulas worked by hand in the comments.
 */
class KerasFilesCliTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = KerasFilesCliTest.class.getResourceAsStream("/keras/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void exam001SiameseTowerSummaryAndReceptiveField() throws IOException {
        Path json = resource("exam001_siamese_tower.keras2.json");
        Cli.Result s = Cli.run("summary", json.toString(), "--strict"); // Constant(-0.1) is understood: even strict loads
        assertEquals(0, s.code(), s.dump());
        // (3*3*3+1)*32 = 896; (9*32+1)*64 = 18,496; (9*64+1)*64 = 36,928; (9*64+1)*156 = 90,012; (9*156+1)*228 = 320,340
        assertTrue(Pattern.compile("(?m)^ conv4 \\(Conv2D\\) +\\(None, 8, 8, 156\\) +90012 *$").matcher(s.out()).find(), s.dump());
        assertTrue(Pattern.compile("(?m)^ conv5 \\(Conv2D\\) +\\(None, 4, 4, 228\\) +320340 *$").matcher(s.out()).find(), s.dump());
        assertTrue(s.out().contains("Total params: 466,672"), s.dump());
        assertFalse(s.out().contains("Not used"), s.dump());

        Cli.Result rf = Cli.run("receptive-field", json.toString());
        assertEquals(0, rf.code(), rf.dump());
        // r: 3, pool 4 (j 2), 8, pool 10 (j 4), 18, 26, pool 30 (j 8), conv5 30 + 2*8 = 46
        assertTrue(Pattern.compile("(?m)^conv5 \\(Conv2D\\) +\\(None, 4, 4, 228\\) +46x46 +8x8 ").matcher(rf.out()).find(), rf.dump());
    }

    @Test
    void exam003EncoderSummaryAndReceptiveField() throws IOException {
        Path json = resource("exam003_encoder_constant_bias.keras2.json");
        Cli.Result s = Cli.run("summary", json.toString());
        assertEquals(0, s.code(), s.dump());
        // 1,216 + 4,640 + 4,224 + 512 (BN: 4*128, 256 moving) + 36,896 + 4,624 + 51 = 52,163
        assertTrue(Pattern.compile("(?m)^ convt1 \\(Conv2DTranspose\\) +\\(None, 64, 128, 32\\) +36896 ").matcher(s.out()).find(), s.dump());
        assertTrue(s.out().contains("Total params: 52,163\nTrainable params: 51,907\nNon-trainable params: 256"), s.dump());

        Cli.Result rf = Cli.run("receptive-field", json.toString());
        assertEquals(0, rf.code(), rf.dump());
        // conv1 5, mp1 6 (j 2), conv2 10, mp2 12 (j 4), conv3 12; convt1 j 2: 12 + 2*2 = 16; convt2 j 1: 18
        assertTrue(Pattern.compile("(?m)^convt2 \\(Conv2DTranspose\\) +\\(None, 128, 256, 16\\) +18x18 +1x1 ").matcher(rf.out()).find(), rf.dump());
    }

    @Test
    void trainingOnlyFieldsAreListedAndStrictRefusesThemAllAtOnce() throws IOException {
        // MaxNorm and an L2 activity regularizer are honoured; a constraint Neurite lacks and a dtype policy are listed
        String text = Files.readString(resource("exam001_siamese_tower.keras2.json"))
                .replaceFirst("\"kernel_constraint\": null", "\"kernel_constraint\": {\"class_name\": \"RadialConstraint\", \"config\": {}}")
                .replaceFirst("\"bias_constraint\": null", "\"bias_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 2, \"axis\": 0}}")
                .replaceFirst("\"activity_regularizer\": null", "\"activity_regularizer\": {\"class_name\": \"L2\", \"config\": {\"l2\": 0.01}}")
                .replaceFirst("\"dtype\": \"float32\", \"filters\": 64", "\"dtype\": {\"class_name\": \"Policy\", \"config\": {\"name\": \"mixed_float16\"}}, \"filters\": 64");
        Path json = dir.resolve("with-training-fields.json");
        Files.writeString(json, text);
        for (String command : new String[] {"summary", "receptive-field"}) {
            Cli.Result r = Cli.run(command, json.toString());
            assertEquals(0, r.code(), r.dump());
            assertTrue(r.out().contains("Not used (2 Keras field(s)"), r.dump());
            assertTrue(r.out().contains("conv1 (Conv2D): 'kernel_constraint'") && r.out().contains("RadialConstraint"), r.dump());
            assertTrue(r.out().contains("conv2 (Conv2D): dtype policy 'mixed_float16' is loaded as float32"), r.dump());
            assertTrue(!r.out().contains("bias_constraint") && !r.out().contains("activity_regularizer"), r.dump());
        }
        Cli.Result strict = Cli.run("summary", json.toString(), "--strict");
        assertEquals(1, strict.code(), strict.dump());
        assertTrue(strict.err().contains("2 unsupported items"), strict.dump());
        assertTrue(strict.err().contains("RadialConstraint") && strict.err().contains("mixed_float16"), strict.dump());
    }
}
