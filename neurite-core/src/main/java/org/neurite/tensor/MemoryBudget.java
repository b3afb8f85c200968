package org.neurite.tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Refuses an allocation that cannot fit in the Java heap before it is tried, with a message that
 * names what needs the memory and how much. Readers call it with the size a file's header asks
 * for; models call it with the activation memory a forward pass needs. The estimate of free memory
 * counts what the last garbage collections left live, so garbage does not cause false refusals.
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /** Thrown when an operation needs more heap than the JVM can give; the message names the operation and the estimate. */
    public static final class InsufficientMemoryException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        /** The bytes the refused operation needed. */
        private final long requiredBytes;

        /**
         * An exception for a refused allocation.
         *
         * @param message names the operation, the bytes it needs and the heap it could have
         * @param requiredBytes the bytes the operation needed
         */
        public InsufficientMemoryException(String message, long requiredBytes) {
            super(message);
            this.requiredBytes = requiredBytes;
        }

        /**
         * How much the refused operation needed.
         *
         * @return the estimate, in bytes
         */
        public long requiredBytes() {
            return requiredBytes;
        }
    }

    /**
     * Fails if {@code bytes} more cannot be allocated.
     *
     * @param what what needs the memory, for the message ("t10k-images: 10,000 images of 28x28")
     * @param bytes the allocation about to be made, in bytes; requests under 1/32 of the maximum
     *     heap always pass without asking the memory pools
     * @throws InsufficientMemoryException if the maximum heap minus the live heap is less than
     *     {@code bytes}; the message says to raise {@code -Xmx}
     */
    public static void require(String what, long bytes) {
        require(() -> what, bytes);
    }

    /**
     * {@link #require(String, long)} with the description made only when the check can fail, for
     * hot paths (every layer of every forward pass).
     *
     * @param what makes the description of what needs the memory
     * @param bytes the allocation about to be made, in bytes
     * @throws InsufficientMemoryException as {@link #require(String, long)}
     */
    public static void require(java.util.function.Supplier<String> what, long bytes) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes < (max >> 5)) return; // small next to the heap: not worth asking the memory pools
        long available = max - liveBytes();
        if (bytes > available) {
            throw new InsufficientMemoryException(what.get() + " needs about " + human(bytes) + " of memory, but the Java heap (max "
                    + human(max) + ") has only about " + human(Math.max(0, available)) + " free; raise the heap limit (java -Xmx)",
                    bytes);
        }
    }

    /**
     * A byte count for messages, in binary units.
     *
     * @param bytes the count
     * @return e.g. "1.5 GB", "320 MB", "12 KB" (at least "1 KB")
     */
    public static String human(long bytes) {
        if (bytes >= 1L << 30) return String.format("%.1f GB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format("%.0f MB", bytes / (double) (1L << 20));
        return String.format("%.0f KB", Math.max(1, bytes / 1024.0));
    }

    /** Heap in use by live objects: the usage after the last collection where the JVM reports it. */
    private static long liveBytes() {
        long live = 0;
        boolean known = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) continue;
            MemoryUsage after = pool.getCollectionUsage();
            MemoryUsage now = pool.getUsage();
            if (after != null) {
                live += Math.min(after.getUsed(), now.getUsed());
                known = true;
            } else if (now != null) {
                live += now.getUsed();
            }
        }
        if (!known) {
            Runtime r = Runtime.getRuntime();
            live = r.totalMemory() - r.freeMemory();
        }
        return live;
    }
}
