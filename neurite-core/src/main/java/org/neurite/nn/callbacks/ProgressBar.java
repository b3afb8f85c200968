package org.neurite.nn.callbacks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.neurite.nn.Display;
import org.neurite.nn.training.Trainer;

/**
 * Keras-style progress output. Verbose 1:
 * <pre>
 * Epoch 1/5
 * 938/938 [==============================] - 12s 13ms/step - loss: 0.2345 - accuracy: 0.9312 - val_loss: 0.1234 - val_accuracy: 0.9612
 * </pre>
 * redrawn in place with {@code \r} after each batch when the output is an interactive terminal,
 * otherwise printed once per epoch. Verbose 2 prints one brief line per epoch:
 * {@code 938/938 - 12s - loss: 0.2345 - accuracy: 0.9312 - 12s/epoch - 13ms/step}.
 * Values print as {@code %.4f}, or {@code %.4e} when {@code |v| <= 1e-3} (Keras).
 *
 * <p>{@code fit} adds one by {@link #forFit(int)}: verbose 0 prints nothing, 1 the bar, 2 one line per
 * epoch (Keras), and the {@code neurite.progress} system property (or {@code NEURITE_PROGRESS}
 * environment variable) overrides how: {@code auto} (default: the bar on an interactive terminal, one
 * line per epoch in logs, pipes and CI), {@code bar}, {@code lines} or {@code off}. The output goes to
 * {@link Display#out()}.
 */
public final class ProgressBar implements Callback {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 50_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final int verbose;
    private Trainer trainer;
    private long epochStart;
    private long lastDraw;
    private int lastLength;
    private int seenSteps;

    /** How the progress of {@code fit} is shown, from the {@code neurite.progress} switch. */
    public enum Mode {
        /** The bar when the display stream is an interactive terminal, else one line per epoch. */
        AUTO,
        /** Always the bar redrawn in place (verbose 1). */
        BAR,
        /** One line per epoch, for logs and CI. */
        LINES,
        /** Nothing, whatever the verbose level. */
        OFF;

        /** The name of the system property (and, upper-cased with '_', the environment variable). */
        public static final String PROPERTY = "neurite.progress";

        /**
         * @return the mode set by {@code -Dneurite.progress=...}, else by {@code NEURITE_PROGRESS}, else AUTO
         * @throws IllegalArgumentException naming the setting when its value is none of auto, bar, lines, off
         */
        public static Mode current() {
            String v = System.getProperty(PROPERTY);
            String from = "-D" + PROPERTY;
            if (v == null) {
                v = System.getenv("NEURITE_PROGRESS");
                from = "NEURITE_PROGRESS";
            }
            if (v == null || v.isBlank()) return AUTO;
            try {
                return valueOf(v.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(from + ": expected auto, bar, lines or off, got '" + v + "'");
            }
        }
    }

    /** Verbose 1 on {@link Display#out()}, shown as the {@code neurite.progress} switch says. */
    public ProgressBar() {
        this(Display.out(), interactive(Mode.current(), Display.out()), 1);
    }

    /**
     * Verbose 1.
     *
     * @param out where the progress goes
     * @param interactive true to redraw the bar in place after each batch, false for one line per epoch
     */
    public ProgressBar(PrintStream out, boolean interactive) {
        this(out, interactive, 1);
    }

    /**
     * The progress display of {@code fit(..., verbose)}, on {@link Display#out()}, as the
     * {@code neurite.progress} switch says.
     *
     * @param verbose 0 silent, 1 progress bar, 2 one line per epoch (Keras)
     * @return the callback, or null when nothing is to be shown
     */
    public static ProgressBar forFit(int verbose) {
        return forStream(Display.out(), verbose);
    }

    /**
     * A progress display on {@code out}, as the {@code neurite.progress} switch says: the bar redrawn in
     * place only when {@code out} is standard output and that is an interactive terminal.
     *
     * @param out where the progress goes
     * @param verbose 0 silent, 1 progress bar, 2 one line per epoch (Keras)
     * @return the callback, or null when nothing is to be shown
     */
    public static ProgressBar forStream(PrintStream out, int verbose) {
        Mode mode = Mode.current();
        if (verbose == 0 || mode == Mode.OFF) return null;
        return new ProgressBar(out, interactive(mode, out), verbose);
    }

    /** AUTO redraws only on standard output that is a terminal (not a file, pipe, IDE console of JDK 22+ or CI log). */
    private static boolean interactive(Mode mode, PrintStream out) {
        return switch (mode) {
            case BAR -> true;
            case LINES, OFF -> false;
            case AUTO -> out == System.out && Terminal.isInteractive();
        };
    }

    /**
     * @param out where the progress goes
     * @param interactive true to redraw the bar in place after each batch (verbose 1 only)
     * @param verbose 1 for the bar, 2 for one brief line per epoch
     */
    public ProgressBar(PrintStream out, boolean interactive, int verbose) {
        if (verbose != 1 && verbose != 2) throw new IllegalArgumentException("ProgressBar: verbose must be 1 or 2, got " + verbose);
        this.out = out;
        this.interactive = interactive && verbose == 1;
        this.verbose = verbose;
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Float> logs) {
        out.println("Epoch " + (epoch + 1) + "/" + trainer.params().epochs());
        epochStart = System.nanoTime();
        lastDraw = 0;
        lastLength = 0;
        seenSteps = 0;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Float> logs) {
        seenSteps = batch + 1;
        if (!interactive) return;
        long now = System.nanoTime();
        int steps = trainer.params().steps();
        if (seenSteps < steps && now - lastDraw < REDRAW_NANOS) return;
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        String eta = seenSteps < steps ? " - ETA: " + duration(elapsed / seenSteps * (steps - seenSteps)) : "";
        redraw(counter(seenSteps, steps) + " " + bar(seenSteps, steps) + eta + values(logs));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        int steps = Math.max(1, seenSteps);
        int total = trainer.params().steps();
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        String line;
        if (verbose == 2) {
            line = counter(seenSteps, total) + " - " + seconds(elapsed) + values(logs) + " - " + seconds(elapsed) + "/epoch - " + perStep(elapsed / steps);
        } else {
            line = counter(seenSteps, total) + " " + bar(seenSteps, total) + " - " + seconds(elapsed) + " " + perStep(elapsed / steps) + values(logs);
        }
        if (interactive) {
            redraw(line);
            out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void redraw(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) sb.append(' ');
        lastLength = line.length();
        out.print(sb);
        out.flush();
    }

    static String counter(int current, int total) {
        int digits = Integer.toString(total).length();
        return String.format(Locale.ROOT, "%" + digits + "d/%d", current, total);
    }

    /** Keras' bar: '=' for done steps, '>' at the head while running, '.' for the rest. */
    static String bar(int current, int total) {
        int done = total == 0 ? WIDTH : (int) ((long) WIDTH * current / total);
        StringBuilder sb = new StringBuilder("[");
        if (done > 0) {
            sb.append("=".repeat(done - 1));
            sb.append(current < total ? '>' : '=');
        }
        sb.append(".".repeat(WIDTH - done));
        return sb.append(']').toString();
    }

    static String values(Map<String, Float> logs) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Float> e : logs.entrySet()) {
            float v = e.getValue();
            sb.append(" - ").append(e.getKey()).append(": ")
                    .append(String.format(Locale.ROOT, Math.abs(v) > 1e-3 ? "%.4f" : "%.4e", v));
        }
        return sb.toString();
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.0fs", s);
    }

    static String perStep(double s) {
        if (s >= 1) return String.format(Locale.ROOT, "%.0fs/step", s);
        if (s >= 1e-3) return String.format(Locale.ROOT, "%.0fms/step", s * 1e3);
        return String.format(Locale.ROOT, "%.0fus/step", s * 1e6);
    }

    static String duration(double s) {
        long t = Math.round(s);
        if (t >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60);
        if (t >= 60) return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
        return t + "s";
    }
}
