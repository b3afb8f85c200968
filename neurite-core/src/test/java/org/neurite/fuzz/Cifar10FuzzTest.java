package org.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.neurite.data.Cifar10;

/** data/Cifar10.readBatch: only IOException (DataFormatException). */
class Cifar10FuzzTest {
    @FuzzTest(maxDuration = FuzzSupport.DURATION)
    void cifar10(byte[] bytes) throws Exception {
        FuzzSupport.rejectsOnlyWith(() -> Cifar10.readBatch(FuzzSupport.file(bytes), Integer.MAX_VALUE), IOException.class);
        FuzzSupport.rejectsOnlyWith(() -> Cifar10.readBatch(FuzzSupport.file(bytes), 1), IOException.class);
    }
}
