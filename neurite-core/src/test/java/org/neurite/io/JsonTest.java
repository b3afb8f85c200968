package org.neurite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesAllTypes() {
        Object v = Json.parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": \"x\\n\\u00e9\\\"\", \"c\": {}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -25.0, true, false, null));
        expected.put("b", "x\né\"");
        expected.put("c", Map.of());
        assertEquals(expected, v);
        assertEquals(12345678901234L, Json.parse("12345678901234"));
    }

    @Test
    void writesAndReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", 0.3f);
        m.put("shape", List.of(3, 3, 1, 4));
        m.put("name", "conv2d\t\"1\"");
        m.put("none", null);
        m.put("one", 1.0);
        String text = Json.write(m);
        assertEquals("{\"rate\":0.3,\"shape\":[3,3,1,4],\"name\":\"conv2d\\t\\\"1\\\"\",\"none\":null,\"one\":1.0}", text);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Json.parse(text);
        assertEquals(0.3f, ((Double) back.get("rate")).floatValue());
        assertEquals("conv2d\t\"1\"", back.get("name"));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    }

    @Test
    void strictErrorsWithLineAndColumn() {
        assertError("{\n  \"a\": 1,\n}", "expected a string key at line 3, column 1");
        assertError("{\"a\": 1, \"a\": 2}", "duplicate key \"a\" at line 1, column 10");
        assertError("[01]", "leading zeros are not allowed at line 1, column 3");
        assertError("[1 2]", "expected ',' or ']', got '2' at line 1, column 4");
        assertError("{\"a\": tru}", "unexpected token, expected true at line 1, column 7");
        assertError("\"abc", "unterminated string at line 1, column 5");
        assertError("[1] x", "unexpected 'x' after the JSON value at line 1, column 5");
        assertError("[NaN]", "unexpected 'N', expected a value at line 1, column 2");
        assertError("", "unexpected end of input, expected a value at line 1, column 1");
        assertError("[".repeat(500), "nesting deeper than 200 at line 1, column 202");
    }

    private static void assertError(String text, String message) {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(text));
        assertEquals(message, e.getMessage());
    }
}
