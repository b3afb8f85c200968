package org.neurite.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neurite.analysis.health.HealthFlag;
import org.neurite.io.Json;
import org.neurite.nn.callbacks.History;

/** The dashboard's HTTP contract without a browser: routes, replay, streaming, the training-thread hand-off. */
@Timeout(60)
class DashboardServerTest {

    /** One raw HTTP/1.1 request (so that the Host header and odd paths go out exactly as written); returns status line, headers and body. */
    private static String request(int port, String method, String path, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> state(int port) throws IOException {
        String r = request(port, "GET", "/state", "localhost:" + port);
        assertEquals(200, status(r), r);
        return (List<Map<String, Object>>) Json.parse(r.substring(r.indexOf("\r\n\r\n") + 4));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStateAfterTrainingHoldsEveryEpochOfTheHistoryAndTheHealthOfGradientHealth() throws IOException {
        TrainingRun run = new TrainingRun();
        try (Dashboard dashboard = new Dashboard(0).probe(run.probe())) {
            History history = run.fit(3, dashboard);
            List<Map<String, Object>> frames = state(dashboard.port()); // served after training ended
            assertEquals("start", frames.get(0).get("kind"));
            assertEquals("model", frames.get(1).get("kind"));
            assertEquals("end", frames.get(frames.size() - 1).get("kind"));

            List<Map<String, Object>> epochs = frames.stream().filter(f -> f.get("kind").equals("epoch")).toList();
            assertEquals(3, epochs.size());
            for (int i = 0; i < 3; i++) {
                Map<String, Object> logs = (Map<String, Object>) epochs.get(i).get("logs");
                assertEquals(history.epoch(i).keySet(), logs.keySet());
                for (String k : logs.keySet()) assertEquals(history.get(k).get(i), ((Number) logs.get(k)).floatValue(), "epoch " + i + " " + k);
                assertEquals(0.01f, ((Number) epochs.get(i).get("lr")).floatValue());
                assertTrue(((Number) epochs.get(i).get("samplesPerSecond")).doubleValue() > 0);
            }
            // 384 training samples in batches of 32: 12 steps per epoch, every batch sent
            assertEquals(36, frames.stream().filter(f -> f.get("kind").equals("batch")).count());

            // the records and flags are those of the GradientHealth inside the dashboard, not recomputed
            List<Object> records = new ArrayList<>();
            List<Object> flags = null;
            for (Map<String, Object> f : frames) {
                if (!f.get("kind").equals("health")) continue;
                records.addAll((List<Object>) f.get("records"));
                flags = (List<Object>) f.get("flags");
            }
            var report = dashboard.healthReport();
            assertEquals(report.records().size(), records.size());
            Map<String, Object> lastRecord = (Map<String, Object>) records.get(records.size() - 1);
            var last = report.records().get(report.records().size() - 1);
            assertEquals(last.layer(), lastRecord.get("layer"));
            assertEquals(last.gradNorm(), ((Number) lastRecord.get("gradNorm")).doubleValue());
            assertEquals(last.updateRatio(), ((Number) lastRecord.get("updateRatio")).doubleValue());
            assertNotNull(flags);
            assertEquals(report.flags().stream().map(HealthFlag::kind).map(Enum::name).toList(),
                    flags.stream().map(o -> ((Map<String, Object>) o).get("kind")).toList());

            Map<String, Object> model = frames.get(1);
            List<Map<String, Object>> rows = (List<Map<String, Object>>) model.get("rows");
            assertEquals(List.of("hidden_1", "hidden_2", "output"), rows.stream().map(r -> r.get("layer")).toList());
            assertEquals("(None, 16)", rows.get(0).get("outputShape"));
            assertEquals(6L * 16 + 16, ((Number) rows.get(0).get("params")).longValue());
            assertEquals(List.of("hidden_1"), rows.get(1).get("inbound"));

            List<Map<String, Object>> acts = frames.stream().filter(f -> f.get("kind").equals("activations")).toList();
            assertEquals(1, acts.size(), "only the last epoch's histograms are kept for replay");
            Map<String, Object> act = acts.get(0);
            assertEquals(2, ((Number) act.get("epoch")).intValue());
            List<Map<String, Object>> layers = (List<Map<String, Object>>) act.get("layers");
            Map<String, Object> out = layers.stream().filter(l -> l.get("layer").equals("output")).findFirst().orElseThrow();
            long total = ((List<Object>) out.get("counts")).stream().mapToLong(c -> ((Number) c).longValue()).sum();
            assertEquals(64, total); // one sigmoid output per probe sample
            assertTrue(((Number) out.get("min")).doubleValue() > 0 && ((Number) out.get("max")).doubleValue() < 1);
        }
    }

    @Test
    void itServesNothingButItsPageAndData() throws IOException {
        try (Dashboard dashboard = new Dashboard(0)) {
            int port = dashboard.port();
            String page = request(port, "GET", "/", "localhost:" + port);
            assertEquals(200, status(page));
            assertTrue(page.toLowerCase().contains("content-security-policy: default-src 'none'"), page.substring(0, 400));
            assertTrue(page.contains("new EventSource(\"events\")"));
            for (String path : List.of("/index.html", "/dashboard.html", "/../../etc/passwd", "/events/../state/x", "/org/neurite/dashboard/dashboard.html", "/favicon.ico", "/state/")) {
                assertEquals(404, status(request(port, "GET", path, "localhost:" + port)), path);
            }
            assertEquals(405, status(request(port, "POST", "/", "localhost:" + port)));
            assertEquals(405, status(request(port, "DELETE", "/state", "localhost:" + port)));
            // loopback-bound: a request naming another host (DNS rebinding) is refused
            assertEquals(403, status(request(port, "GET", "/state", "attacker.example:" + port)));
            assertEquals(200, status(request(port, "GET", "/state", "127.0.0.1:" + port)));
        }
    }

    @Test
    void aStreamReplaysTheRunThenFollowsItAndEndsOnClose() throws Exception {
        TrainingRun run = new TrainingRun();
        Dashboard dashboard = new Dashboard(0);
        run.fit(1, dashboard);
        int port = dashboard.port();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        Iterator<String> lines = response.body().iterator();
        List<String> kinds = kindsUntilEnd(lines);
        assertEquals("reset", kinds.get(0));
        assertEquals("start", kinds.get(1));
        assertTrue(kinds.contains("epoch") && kinds.contains("health"), kinds.toString());
        run.fit(1, dashboard); // a second fit on the same dashboard arrives live on the open stream
        List<String> live = kindsUntilEnd(lines);
        assertEquals("start", live.get(0));
        dashboard.close();
        while (lines.hasNext()) lines.next(); // the stream ends once the dashboard is closed
        assertThrows(IOException.class, () -> request(port, "GET", "/", "localhost:" + port));
    }

    private static List<String> kindsUntilEnd(Iterator<String> lines) {
        List<String> kinds = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (!line.startsWith("data: ")) continue;
            String kind = (String) ((Map<?, ?>) Json.parse(line.substring(6))).get("kind");
            kinds.add(kind);
            if (kind.equals("end")) break;
        }
        return kinds;
    }

    @Test
    void aClientThatFallsBehindIsDroppedWithoutBlockingThePublisherAndReplaysOnReconnect() throws InterruptedException {
        EventLog log = new EventLog(4);
        List<String> replay = new ArrayList<>();
        EventLog.Subscriber slow = log.subscribe(replay);
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) log.publish("{\"i\":" + i + "}");
        long micros = (System.nanoTime() - t0) / 1000;
        assertTrue(micros < 2_000_000, "publishing 1000 frames to a client that reads none took " + micros + " us");
        assertTrue(slow.dropped());
        assertEquals(null, slow.next(10));
        assertEquals(0, log.clients());
        List<String> again = new ArrayList<>();
        EventLog.Subscriber fresh = log.subscribe(again);
        assertEquals(1000, again.size());
        assertEquals("{\"i\":999}", again.get(999));
        log.publish("snapshot", "{\"s\":1}");
        log.publish("snapshot", "{\"s\":2}");
        List<String> kept = new ArrayList<>();
        log.unsubscribe(log.subscribe(kept));
        assertEquals(List.of("{\"s\":2}"), kept.subList(1000, kept.size()), "a keyed frame replaces the previous one in the log");
        assertEquals("{\"s\":1}", fresh.next(1000)); // live clients still receive each one
        assertEquals("{\"s\":2}", fresh.next(1000));
        assertFalse(fresh.dropped());
        log.publish("{\"i\":1000}");
        assertEquals("{\"i\":1000}", fresh.next(1000));
        log.close();
        assertTrue(fresh.dropped());
    }
}
