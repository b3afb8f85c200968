package org.neurite.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.spark.broadcast.Broadcast;
import org.neurite.nn.Model;

/**
 * Executor-side replicas of a broadcast model. A model is not thread-safe and an executor runs
 * several tasks at once, so each task borrows its own replica and returns it; replicas are built
 * once per executor thread from the broadcast model-file bytes and reused across steps (the
 * weights of each step are assigned over them).
 */
final class Replicas {
    private static final Map<Long, ConcurrentLinkedDeque<Model>> POOLS = new ConcurrentHashMap<>();

    private Replicas() {}

    static Model borrow(Broadcast<byte[]> modelBytes) {
        long id = modelBytes.id();
        ConcurrentLinkedDeque<Model> pool = POOLS.get(id);
        if (pool == null) {
            // a new model: replicas of older ones are no longer needed (not inside computeIfAbsent,
            // whose function must not change other entries of the map)
            POOLS.keySet().removeIf(other -> other != id);
            pool = POOLS.computeIfAbsent(id, k -> new ConcurrentLinkedDeque<>());
        }
        Model m = pool.pollFirst();
        return m != null ? m : ModelBytes.load(modelBytes.value());
    }

    static void giveBack(Broadcast<byte[]> modelBytes, Model replica) {
        ConcurrentLinkedDeque<Model> pool = POOLS.get(modelBytes.id());
        if (pool != null) pool.addFirst(replica);
    }
}
