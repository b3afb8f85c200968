package org.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.neurite.data.IdxReader;

/** data/IdxReader: only IOException (DataFormatException), from a file (plain or gzip) and from a stream. */
class IdxReaderFuzzTest {
    @FuzzTest(maxDuration = FuzzSupport.DURATION)
    void idx(byte[] bytes) throws Exception {
        FuzzSupport.rejectsOnlyWith(() -> IdxReader.read(FuzzSupport.file(bytes)), IOException.class);
        FuzzSupport.rejectsOnlyWith(() -> IdxReader.read(new ByteArrayInputStream(bytes), "fuzz", IdxReader.ANY_MAGIC, 3), IOException.class);
    }
}
