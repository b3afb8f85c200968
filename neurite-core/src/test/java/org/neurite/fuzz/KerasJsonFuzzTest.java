package org.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.neurite.io.keras.KerasJson;

/**
 * io/keras/KerasJson.read: malformed JSON or an unusable architecture is rejected with an
 * IllegalArgumentException (KerasImportException, Json.JsonException, or a layer's own argument
 * check naming the layer); nothing else.
 */
class KerasJsonFuzzTest {
    @FuzzTest(maxDuration = FuzzSupport.DURATION)
    void kerasJson(byte[] bytes) throws Exception {
        FuzzSupport.rejectsOnlyWith(() -> KerasJson.read(new String(bytes, StandardCharsets.UTF_8)), IllegalArgumentException.class);
    }
}
