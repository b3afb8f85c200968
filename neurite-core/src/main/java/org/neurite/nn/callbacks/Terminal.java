package org.neurite.nn.callbacks;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether standard output is an interactive terminal, right on JDK 17 to 25: {@code System.console()}
 * alone is not enough, because from JDK 22 it returns a console even when output is redirected to a
 * file or a pipe; there {@code Console.isTerminal()} (JDK 22+, called reflectively so that this compiles
 * for 17) says whether it really is a terminal.
 */
final class Terminal {
    private Terminal() {}

    static boolean isInteractive() {
        return isInteractive(System.console());
    }

    static boolean isInteractive(Console console) {
        if (console == null) return false;
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 17-21: a console exists only when stdin and stdout are a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
