package org.neurite.bench;

import java.util.Locale;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Tensor;

/**
 * Soak: {@code Model.predict} on a tiny MLP many times (default 100 000) and the live heap after
 * System.gc() before and after; prints both and the difference. The normal test suite runs 10 000
 * calls (ConcurrentPredictTest); this is the long run.
 *
 * <pre>{@code java -cp 'neurite-bench/target/neurite-bench-*.jar:neurite-bench/target/lib/*' org.neurite.bench.PredictSoak [calls]}</pre>
 */
public final class PredictSoak {
    private PredictSoak() {}

    public static void main(String[] argv) {
        int calls = argv.length > 0 ? Integer.parseInt(argv[0]) : 100_000;
        Sequential m = new Sequential(Input.of(16), new Dense(32, "relu"), new Dense(32, "relu"), new Dense(4));
        m.seed(1);
        Tensor x = Tensor.uniform(5, -1f, 1f, 1, 16);
        for (int i = 0; i < 2_000; i++) m.predict(x);
        double before = Measure.liveHeapMb();
        long start = System.nanoTime();
        double checksum = 0;
        for (int i = 0; i < calls; i++) checksum += m.predict(x).data()[0];
        double seconds = (System.nanoTime() - start) / 1e9;
        double after = Measure.liveHeapMb();
        System.out.printf(Locale.ROOT, "%d predict calls in %.2f s (%.1f us each); live heap before %.3f MB, after %.3f MB, difference %+.3f MB (checksum %.3f)%n",
                calls, seconds, seconds / calls * 1e6, before, after, after - before, checksum);
    }
}
