package org.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.neurite.io.checkpoint.CheckpointFile;

/** io/checkpoint/CheckpointFile.read: only IOException (CheckpointFormatException). */
class CheckpointFuzzTest {
    @FuzzTest(maxDuration = FuzzSupport.DURATION)
    void checkpoint(byte[] bytes) throws Exception {
        FuzzSupport.rejectsOnlyWith(() -> CheckpointFile.read(FuzzSupport.file(bytes)), IOException.class);
    }
}
