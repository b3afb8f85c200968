package org.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.neurite.io.Json;

/** io/Json.parse: only JsonException; what it accepts, it writes back to text that parses to the same value. */
class JsonFuzzTest {
    @FuzzTest(maxDuration = FuzzSupport.DURATION)
    void json(byte[] bytes) throws Exception {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Object value;
        try {
            value = Json.parse(text);
        } catch (Json.JsonException e) {
            return;
        }
        Object again = Json.parse(Json.write(value));
        if (!Json.write(again).equals(Json.write(value))) {
            throw new AssertionError("write(parse(x)) does not round-trip: " + Json.write(value) + " vs " + Json.write(again));
        }
    }
}
