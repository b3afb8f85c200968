package org.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.neurite.io.safetensors.Safetensors;

/** io/safetensors/Safetensors.read: only IOException (SafetensorsFormatException). */
class SafetensorsFuzzTest {
    @FuzzTest(maxDuration = FuzzSupport.DURATION)
    void safetensors(byte[] bytes) throws Exception {
        FuzzSupport.rejectsOnlyWith(() -> Safetensors.read(FuzzSupport.file(bytes)), IOException.class);
    }
}
