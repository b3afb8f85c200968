package org.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.neurite.io.ModelFile;

/** io/ModelFile.load: only IOException (ModelFormatException) for any bytes. */
class ModelFileFuzzTest {
    @FuzzTest(maxDuration = FuzzSupport.DURATION)
    void modelFile(byte[] bytes) throws Exception {
        FuzzSupport.rejectsOnlyWith(() -> ModelFile.load(FuzzSupport.file(bytes)), IOException.class);
    }
}
