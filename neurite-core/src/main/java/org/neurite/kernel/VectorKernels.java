package org.neurite.kernel;

/**
 * Loads the Vector API version of a kernel. Those classes import jdk.incubator.vector, which
 * resolves only when the JVM runs with {@code --add-modules jdk.incubator.vector}; so they are
 * loaded by name, and every kernel keeps a scalar path for when this returns null.
 * {@code -Dneurite.noVector=true} forces the scalar paths (tests compare both).
 */
final class VectorKernels {
    private static final boolean DISABLED = Boolean.getBoolean("neurite.noVector");
    private static boolean noticeGiven;

    private VectorKernels() {}

    /**
     * An instance of {@code org.neurite.kernel.<simpleName>}, made by its static {@code create()}
     * when it has one (which may decline with null, e.g. for too narrow vectors) or else by its
     * constructor; null when the Vector API is disabled or not available.
     */
    static <T> T load(String simpleName, Class<T> type) {
        if (DISABLED) return null;
        try {
            Class<?> k = Class.forName("org.neurite.kernel." + simpleName);
            Object instance;
            try {
                instance = k.getMethod("create").invoke(null);
            } catch (NoSuchMethodException e) {
                instance = k.getDeclaredConstructor().newInstance();
            }
            return type.cast(instance);
        } catch (Throwable e) {
            notice();
            return null;
        }
    }

    /** One line, once per JVM: how to get the fast path. */
    private static synchronized void notice() {
        if (noticeGiven) return;
        noticeGiven = true;
        System.getLogger(VectorKernels.class.getName()).log(System.Logger.Level.WARNING,
                "neurite: the Vector API is not enabled, using the slower scalar kernels; "
                + "run java with --add-modules jdk.incubator.vector for the fast path");
    }
}
