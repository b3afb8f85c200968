package org.neurite.analysis.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.Initializers;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

/**
 * The textbook demonstration of vanishing gradients, reproducible in a few seconds: three
 * 20-layer MLPs of width 32 (19 hidden Dense layers and a softmax output, named
 * {@code dense_1 .. dense_20}) trained with plain SGD on the same synthetic 4-class problem
 * while {@link GradientHealth} watches them.
 * <ul>
 *   <li>{@code sigmoid}: sigmoid hidden layers, Glorot-uniform weights. Each layer multiplies the
 *       backward signal by {@code W^T diag(σ'(z))} with {@code σ' <= 1/4}, so the gradient shrinks
 *       geometrically towards the input: flagged as vanishing.</li>
 *   <li>{@code relu-he}: ReLU hidden layers, He-normal weights ({@code Var(w) = 2/fan_in}), which keep
 *       the signal's variance constant through depth: not flagged.</li>
 *   <li>{@code residual}: the same sigmoid layers and initialization, arranged as a ResNet:
 *       {@code dense_1}, then 9 blocks {@code h + Dense(Dense_sigmoid(h))} ({@code dense_2, dense_3},
 *       ..., {@code dense_18, dense_19}; the second layer of a block is linear) and the output. The
 *       identity path carries the gradient back unchanged: not flagged.</li>
 * </ul>
 * Data: 512 samples {@code x ~ N(0, 1)^32}, labels {@code argmax(x T)} of a random 32x4 teacher
 * {@code T}; batch 32, SGD learning rate 0.05, 20 epochs (320 steps), recorded every 10 steps.
 */
public final class VanishingGradientDemo {
    /** Dense layers of each network, output layer included. */
    public static final int DEPTH = 20;
    /** Units of each hidden layer, and features of each sample. */
    public static final int WIDTH = 32;
    /** Classes of the teacher's labels. */
    public static final int CLASSES = 4;
    /** Samples in the data set. */
    public static final int SAMPLES = 512;
    /** Training epochs. */
    public static final int EPOCHS = 20;
    /** Samples per batch. */
    public static final int BATCH = 32;

    private VanishingGradientDemo() {}

    /**
     * Trains the three networks on the same data.
     *
     * @param seed seeds the data, the weights and the shuffling
     * @return the reports, keyed sigmoid, relu-he, residual
     */
    public static Map<String, HealthReport> run(long seed) {
        Map<String, HealthReport> out = new LinkedHashMap<>();
        for (String kind : List.of("sigmoid", "relu-he", "residual")) out.put(kind, train(kind, seed));
        return out;
    }

    /**
     * Trains one of the three networks.
     *
     * @param kind {@code sigmoid}, {@code relu-he} or {@code residual}
     * @param seed seeds the data, the weights and the shuffling
     * @return its health report, recorded every 10 steps
     * @throws IllegalArgumentException if the kind is unknown
     */
    public static HealthReport train(String kind, long seed) {
        Tensor[] data = data(seed);
        Model model = build(kind);
        model.seed(seed);
        GradientHealth health = new GradientHealth().every(10).probe(rows(data[0], 128));
        Trainer trainer = new Trainer(model, new SGD(0.05f), new SparseCategoricalCrossentropy(false), List.of(new Accuracy()));
        trainer.fit(data[0], data[1], new FitConfig().epochs(EPOCHS).batchSize(BATCH).seed(seed).verbose(0).callbacks(health));
        return health.report();
    }

    /**
     * One of the three networks, with freshly initialised weights.
     *
     * @param kind {@code sigmoid}, {@code relu-he} or {@code residual} (see the class comment)
     * @return the model, input {@code (WIDTH)}, output {@code (CLASSES)} softmax
     * @throws IllegalArgumentException if the kind is unknown
     */
    public static Model build(String kind) {
        if (!List.of("sigmoid", "relu-he", "residual").contains(kind)) {
            throw new IllegalArgumentException("unknown network '" + kind + "'; expected sigmoid, relu-he or residual");
        }
        Input in = Input.of(WIDTH);
        SymbolicTensor h = in, branch = null;
        for (int i = 1; i < DEPTH; i++) {
            Dense d = new Dense(WIDTH).name("dense_" + i);
            if (kind.equals("relu-he")) {
                h = d.activation("relu").kernelInitializer(Initializers.heNormal()).apply(h);
            } else if (kind.equals("sigmoid") || i == 1) {
                h = d.activation("sigmoid").kernelInitializer(Initializers.glorotUniform()).apply(h);
            } else if (i % 2 == 0) { // residual: first layer of a block
                branch = d.activation("sigmoid").kernelInitializer(Initializers.glorotUniform()).apply(h);
            } else { // residual: second layer of a block, then the skip connection
                h = new Add().name("add_" + (i / 2)).apply(h, d.kernelInitializer(Initializers.glorotUniform()).apply(branch));
            }
        }
        SymbolicTensor out = new Dense(CLASSES, "softmax").name("dense_" + DEPTH).apply(h);
        return new Model(in, out).name(kind);
    }

    /**
     * The teacher data set.
     *
     * @param seed seeds the samples and the teacher
     * @return {@code {x (SAMPLES, WIDTH), y (SAMPLES) class indices}}
     */
    public static Tensor[] data(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] teacher = new float[WIDTH * CLASSES];
        for (int i = 0; i < teacher.length; i++) teacher[i] = (float) Tensor.gaussian(r);
        float[] x = new float[SAMPLES * WIDTH], y = new float[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            for (int j = 0; j < WIDTH; j++) x[s * WIDTH + j] = (float) Tensor.gaussian(r);
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double score = 0;
                for (int j = 0; j < WIDTH; j++) score += x[s * WIDTH + j] * teacher[j * CLASSES + c];
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            y[s] = best;
        }
        return new Tensor[] {Tensor.of(x, SAMPLES, WIDTH), Tensor.of(y, SAMPLES)};
    }

    private static Tensor rows(Tensor x, int n) {
        float[] d = new float[n * x.dim(1)];
        System.arraycopy(x.data(), 0, d, 0, d.length);
        return Tensor.of(d, n, x.dim(1));
    }

    /**
     * Prints the three reports to standard output.
     *
     * @param args optional: the seed (default 1)
     */
    public static void main(String[] args) {
        for (Map.Entry<String, HealthReport> e : run(args.length > 0 ? Long.parseLong(args[0]) : 1).entrySet()) {
            System.out.println("== " + e.getKey());
            System.out.println(e.getValue().text());
        }
    }
}
