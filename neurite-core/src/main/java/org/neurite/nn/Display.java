package org.neurite.nn;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where Neurite's display output goes when the caller names no stream: the progress bar of
 * {@code fit}, {@link Model#printSummary()}, {@code TerminateOnNaN}'s message. Standard output by
 * default; a server replaces it (or {@link #silence()}s it) once at start-up. Diagnostics are not
 * display output: they go through {@link System.Logger} (logger names {@code org.neurite.*}).
 */
public final class Display {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());
    private static volatile PrintStream out;

    private Display() {}

    /** @return the current display stream: the one set with {@link #setOut}, else {@code System.out} */
    public static PrintStream out() {
        PrintStream s = out;
        return s != null ? s : System.out;
    }

    /** @param stream where display output goes from now on (null restores {@code System.out}) */
    public static void setOut(PrintStream stream) {
        out = stream;
    }

    /** Discards all display output (progress bars, printed summaries) from now on. */
    public static void silence() {
        out = NOWHERE;
    }
}
