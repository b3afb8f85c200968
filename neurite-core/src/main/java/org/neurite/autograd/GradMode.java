package org.neurite.autograd;

/**
 * Whether operations are recorded on the tape. Per thread, so a data-loading or evaluation thread
 * never disturbs a training thread. Use {@code try (var s = GradMode.noGrad()) { ... }}.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    /** @return whether ops on this thread record the graph (false inside a {@link #noGrad()} scope) */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /**
     * Disables recording until the returned scope is closed; scopes nest.
     *
     * @return the scope, for try-with-resources
     */
    public static Scope noGrad() {
        return set(false);
    }

    /**
     * Enables recording until the returned scope is closed (e.g. inside a noGrad block).
     *
     * @return the scope, for try-with-resources
     */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** A scope that restores the previous mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
