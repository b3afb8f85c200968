package org.neurite.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.data.Dataset;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.Lambda;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.Subtract;
import org.neurite.nn.losses.ContrastiveLoss;
import org.neurite.nn.optimizers.Adam;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A siamese network on MNIST pairs (the keras.io siamese contrastive example): one tower embeds
 * each digit; the same tower (shared weights) is applied to both images of a pair, and the model
 * outputs the Euclidean distance between the two embeddings. Contrastive loss (margin 1, label 1 =
 * same digit) pulls same-digit pairs together and pushes different-digit pairs at least 1 apart.
 *
 * <pre>
 * tower: (28,28,1) conv 8 3x3 relu, pool 2 -> conv 16 3x3 relu, pool 2 -> flatten -> dense 16
 * model: [a, b] -> tower(a), tower(b) -> subtract -> sqrt(max(sum(diff²), 1e-7)) -> distance (N, 1)
 * </pre>
 * A pair is called "same digit" when its distance is below 0.5; the run reports that pair accuracy.
 */
public final class Siamese implements Example {
    public static final float THRESHOLD = 0.5f;

    public static Sequential tower() {
        return new Sequential(
                Input.of(28, 28, 1),
                new Conv2D(8, 3).activation("relu"),
                new MaxPooling2D(2),
                new Conv2D(16, 3).activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(16));
    }

    public static Model build() {
        Sequential tower = tower();
        Input a = Input.of(28, 28, 1), b = Input.of(28, 28, 1);
        SymbolicTensor diff = new Subtract().apply(tower.apply(a), tower.apply(b));   // one tower, applied twice
        SymbolicTensor distance = new Lambda(d -> d.square().sum(1, true).maximum(Tensor.scalar(ContrastiveLoss.EPSILON)).sqrt())
                .outputShape(s -> Shape.of(1)).name("euclidean_distance").apply(diff);
        return new Model(List.of(a, b), List.of(distance));
    }

    /** Pairs: for each image one partner of the same digit (label 1) and one of another digit (label 0). Returns [left, right, labels]. */
    static Tensor[] pairs(Dataset d, long seed) {
        int n = d.size(), row = 28 * 28;
        float[] labels = d.targets().data(), x = d.features().data();
        List<List<Integer>> byDigit = new java.util.ArrayList<>();
        for (int c = 0; c < 10; c++) byDigit.add(new java.util.ArrayList<>());
        for (int i = 0; i < n; i++) byDigit.get((int) labels[i]).add(i);
        SplittableRandom r = new SplittableRandom(seed);
        float[] left = new float[2 * n * row], right = new float[2 * n * row], same = new float[2 * n];
        for (int i = 0; i < n; i++) {
            int digit = (int) labels[i];
            List<Integer> pool = byDigit.get(digit);
            int positive = pool.get(r.nextInt(pool.size()));
            int otherDigit = (digit + 1 + r.nextInt(9)) % 10;
            List<Integer> others = byDigit.get(otherDigit);
            int negative = others.isEmpty() ? positive : others.get(r.nextInt(others.size()));
            for (int k = 0; k < 2; k++) {
                int p = 2 * i + k;
                System.arraycopy(x, i * row, left, p * row, row);
                System.arraycopy(x, (k == 0 ? positive : negative) * row, right, p * row, row);
                same[p] = k == 0 ? 1f : (others.isEmpty() ? 1f : 0f);
            }
        }
        return new Tensor[] {Tensor.of(left, 2 * n, 28, 28, 1), Tensor.of(right, 2 * n, 28, 28, 1), Tensor.of(same, 2 * n, 1)};
    }

    /** Fraction of pairs whose "distance below threshold" agrees with the label. */
    static float pairAccuracy(Tensor distance, Tensor same, float threshold) {
        float[] d = distance.data(), y = same.data();
        int correct = 0;
        for (int i = 0; i < d.length; i++) if ((d[i] < threshold) == (y[i] > 0.5f)) correct++;
        return correct / (float) d.length;
    }

    @Override
    public String name() {
        return "siamese";
    }

    @Override
    public String description() {
        return "siamese network (shared conv tower, Euclidean distance, contrastive loss) on MNIST pairs";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        long start = System.nanoTime();
        ExampleData.Loaded mnist = ExampleData.mnist(o, o.samplesOr(3000), 500);
        Tensor[] train = pairs(mnist.data().train(), o.seed()), test = pairs(mnist.data().test(), o.seed() + 1);
        Model model = build();
        model.seed(o.seed());
        model.compile(new Adam(1e-3f), new ContrastiveLoss(1f));
        if (o.verbose()) o.out().println(model.summary());
        float before = pairAccuracy(model.predict(List.of(test[0], test[1]), 256).get(0), test[2], THRESHOLD);
        model.fit(List.of(train[0], train[1]), List.of(train[2]), Runs.fit(o, o.epochsOr(3), 32));
        Tensor distance = model.predict(List.of(test[0], test[1]), 256).get(0);

        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("test_pair_accuracy_untrained", before);
        metrics.put("test_pair_accuracy", pairAccuracy(distance, test[2], THRESHOLD));
        metrics.put("test_contrastive_loss", new ContrastiveLoss(1f).compute(test[2], distance).item());
        metrics.put("test_pairs", (float) test[2].dim(0));
        return new Result(name(), mnist.source() + ", half same-digit pairs", metrics, List.of(), Runs.secondsSince(start));
    }
}
