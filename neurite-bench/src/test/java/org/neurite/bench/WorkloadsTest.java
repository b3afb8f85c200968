package org.neurite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's plumbing (not its speed: that is measured, never asserted). */
class WorkloadsTest {
    @Test
    void parsesIdsRangesAndListsAsTheScriptsDo() {
        assertEquals(Workloads.IDS, Workloads.parse(List.of()));
        assertEquals(List.of("W2", "W3"), Workloads.parse(List.of("w2,3")));
        assertEquals(List.of("W1", "W2", "W3"), Workloads.parse(List.of("W1..W3", "W2")));
        assertEquals(List.of("W6", "W7", "W8"), Workloads.parse(List.of("W6-W8")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workloads.parse(List.of("W14")));
        assertTrue(e.getMessage().contains("W14"), e.getMessage());
    }

    @Test
    void jsonLineHasThePyTorchFieldNamesAndRounding() {
        Result r = new Result("W3").put("threads", 2).put("samples_per_s", 1234.56789).put("median_step_ms", 0.123456789)
                .put("params", 61706L).put("note", "a \"b\"");
        assertEquals("{\"workload\": \"W3\", \"framework\": \"neurite\", \"threads\": 2, \"samples_per_s\": 1234.568, "
                + "\"median_step_ms\": 0.123457, \"params\": 61706, \"note\": \"a \\\"b\\\"\"}", r.toJson());
    }

    @Test
    void tinyWorkloadRunsAndChecksItsParameterCount() {
        List<Result> out = new ArrayList<>();
        Workloads.run("W8", new BenchOptions(0.05, 0.05, 1), out::add);
        assertEquals(1, out.size());
        Result r = out.get(0);
        assertTrue(!r.isError(), r.toJson());
        assertEquals(1441L, ((Number) r.get("params")).longValue());
        assertTrue(((Number) r.get("samples_per_s")).doubleValue() > 0);
        assertEquals(r.get("samples_per_s"), r.get("steps_per_s"));
    }

    @Test
    void unknownWorkloadGivesAnErrorLineNotAnException() {
        List<Result> out = new ArrayList<>();
        Workloads.run("W14", BenchOptions.defaults(), out::add);
        assertEquals(1, out.size());
        assertTrue(out.get(0).isError() && out.get(0).get("error").toString().contains("W14"), out.get(0).toJson());
    }
}
