package org.neurite.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of the dashboard, on the JDK's {@code jdk.httpserver}: exactly three GET routes,
 * {@code /} (the page), {@code /events} (the run as server-sent events, replayed from the start
 * on every connection) and {@code /state} (the same frames as one JSON array). Everything else
 * is a 404 (405 for other methods); nothing is read from disk. When bound to a loopback address
 * it also refuses requests whose {@code Host} is not a loopback name, so that a web page on
 * another site cannot reach it through DNS rebinding.
 */
final class DashboardServer implements AutoCloseable {
    private static final int MAX_STREAMS = 6;
    private static final long KEEPALIVE_MILLIS = 5_000;

    private final EventLog log;
    private final HttpServer server;
    private final ExecutorService threads;
    private final byte[] page;
    private final boolean loopbackOnly;
    private final AtomicInteger streams = new AtomicInteger();
    private volatile boolean closed;

    DashboardServer(InetSocketAddress address, EventLog log) {
        this.log = log;
        this.page = loadPage();
        this.loopbackOnly = address.getAddress() != null && address.getAddress().isLoopbackAddress();
        try {
            this.server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Dashboard: cannot listen on " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        // one thread per open stream plus a few for page loads; daemon threads never keep the JVM alive
        this.threads = Executors.newFixedThreadPool(MAX_STREAMS + 2, r -> {
            Thread t = new Thread(r, "neurite-dashboard-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The port actually bound (useful after asking for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (loopbackOnly && !loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 403, "text/plain", "forbidden host\n");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            boolean known = path.equals("/") || path.equals("/events") || path.equals("/state");
            if (!known) {
                send(ex, 404, "text/plain", "not found\n");
            } else if (!ex.getRequestMethod().equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET");
                send(ex, 405, "text/plain", "only GET\n");
            } else if (path.equals("/")) {
                ex.getResponseHeaders().set("Content-Security-Policy",
                        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:");
                send(ex, 200, "text/html; charset=utf-8", page);
            } else if (path.equals("/state")) {
                send(ex, 200, "application/json", "[" + String.join(",", log.frames()) + "]");
            } else {
                stream(ex);
            }
        }
    }

    /** Server-sent events: a reset, the whole log so far, then live frames until the client goes, falls behind or the dashboard closes. */
    private void stream(HttpExchange ex) throws IOException {
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            send(ex, 503, "text/plain", "too many open dashboards\n");
            return;
        }
        EventLog.Subscriber sub = null;
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            List<String> replay = new ArrayList<>();
            sub = log.subscribe(replay);
            StringBuilder first = new StringBuilder("retry: 1000\n\ndata: {\"kind\":\"reset\"}\n\n");
            for (String f : replay) first.append("data: ").append(f).append("\n\n");
            out.write(first.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed && !sub.dropped()) {
                String frame = sub.next(KEEPALIVE_MILLIS);
                if (sub.dropped() || closed) break;
                String text = frame == null ? ": keep-alive\n\n" : "data: " + frame + "\n\n";
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the browser went away: nothing to do
        } finally {
            if (sub != null) log.unsubscribe(sub);
            ex.close(); // before the count drops, so that close() waits for the response's end to be written
            streams.decrementAndGet();
        }
    }

    private static boolean loopbackHost(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) h = h.substring(0, Math.max(1, h.indexOf(']') + 1));
        else if (h.indexOf(':') >= 0) h = h.substring(0, h.indexOf(':'));
        return h.equals("localhost") || h.equals("[::1]") || h.startsWith("127.");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static byte[] loadPage() {
        try (InputStream in = DashboardServer.class.getResourceAsStream("dashboard.html")) {
            if (in == null) throw new IllegalStateException("Dashboard: dashboard.html is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Dashboard: cannot read dashboard.html: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        log.close(); // every stream loop sees the drop and ends its response cleanly
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (streams.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
