package org.neurite.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off between the training thread and the HTTP threads: every published frame is kept
 * (so a browser that connects or reloads gets the whole run replayed) and offered to each
 * connected client's bounded queue. Publishing never blocks: a client whose queue is full is
 * dropped, its stream ends, and the browser's automatic reconnect replays the log from the start.
 */
final class EventLog {
    /** One connected client: the frames it still has to send. */
    static final class Subscriber {
        private final BlockingQueue<String> queue;
        private volatile boolean dropped;

        private Subscriber(int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        /** The next frame, or null after {@code timeoutMillis} without one, or when the client was dropped or the log closed. */
        String next(long timeoutMillis) throws InterruptedException {
            if (dropped) return null;
            String frame = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            return dropped ? null : frame;
        }

        /** Whether the stream must end: the client fell behind or the log was closed. */
        boolean dropped() {
            return dropped;
        }
    }

    private final int clientCapacity;
    private final List<String> frames = new ArrayList<>();
    private final java.util.Map<String, String> latest = new java.util.HashMap<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private boolean closed;

    EventLog(int clientCapacity) {
        this.clientCapacity = clientCapacity;
    }

    /** Keeps a frame and hands it to every client; never blocks the caller. */
    synchronized void publish(String frame) {
        publish(null, frame);
    }

    /**
     * As {@link #publish(String)}, but the log keeps only the latest frame of each {@code key}
     * (a snapshot such as the last epoch's histograms, which the next one supersedes); null keeps all.
     */
    synchronized void publish(String key, String frame) {
        if (closed) return;
        if (key != null) {
            String previous = latest.put(key, frame);
            if (previous != null) frames.remove(previous);
        }
        frames.add(frame);
        for (Subscriber s : List.copyOf(subscribers)) {
            if (!s.queue.offer(frame)) drop(s);
        }
    }

    /** Registers a client; {@code replay} receives every frame so far, atomically with the registration. */
    synchronized Subscriber subscribe(List<String> replay) {
        replay.addAll(frames);
        Subscriber s = new Subscriber(clientCapacity);
        if (closed) s.dropped = true;
        else subscribers.add(s);
        return s;
    }

    synchronized void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    /** Every frame so far. */
    synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    synchronized int clients() {
        return subscribers.size();
    }

    /** Ends every client's stream; later frames are ignored. */
    synchronized void close() {
        closed = true;
        for (Subscriber s : List.copyOf(subscribers)) drop(s);
    }

    private void drop(Subscriber s) {
        s.dropped = true;
        subscribers.remove(s);
        s.queue.clear();
        s.queue.offer(""); // wakes a waiting poll; next() reports the drop
    }
}
