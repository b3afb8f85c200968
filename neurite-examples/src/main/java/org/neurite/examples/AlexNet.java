package org.neurite.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;

/**
 * AlexNet (Krizhevsky, Sutskever and Hinton 2012) as the usual one-tower Keras version: 227x227x3
 * input, five convolutions with 96, 256, 384, 384 and 256 filters, three overlapping 3x3/2 max
 * poolings, two Dense(4096) with dropout and a 1000-way softmax. Summary only: training it needs
 * ImageNet.
 *
 * <pre>
 * (227,227,3) conv 96@11x11/4 valid -> (55,55,96)   11·11·3·96+96    =     34,944
 *             pool 3/2             -> (27,27,96)
 *             conv 256@5x5 same    -> (27,27,256)   5·5·96·256+256   =    614,656
 *             pool 3/2             -> (13,13,256)
 *             conv 384@3x3 same    -> (13,13,384)   3·3·256·384+384  =    885,120
 *             conv 384@3x3 same    -> (13,13,384)   3·3·384·384+384  =  1,327,488
 *             conv 256@3x3 same    -> (13,13,256)   3·3·384·256+256  =    884,992
 *             pool 3/2             -> (6,6,256) -> flatten 9,216
 *             dense 4096                            9216·4096+4096   = 37,752,832
 *             dense 4096                            4096·4096+4096   = 16,781,312
 *             dense 1000                            4096·1000+1000   =  4,097,000
 *                                                   total              62,378,344
 * </pre>
 */
public final class AlexNet implements Example {
    /** The classic count, by the formula above (k·k·in·out + out per conv, in·out + out per dense). */
    public static final long PARAMS = (11L * 11 * 3 * 96 + 96) + (5L * 5 * 96 * 256 + 256) + (3L * 3 * 256 * 384 + 384)
            + (3L * 3 * 384 * 384 + 384) + (3L * 3 * 384 * 256 + 256) + (9216L * 4096 + 4096) + (4096L * 4096 + 4096) + (4096L * 1000 + 1000);

    public static Sequential build() {
        return new Sequential(
                Input.of(227, 227, 3),
                new Conv2D(96, 11).strides(4).activation("relu"),
                new MaxPooling2D(3, 2),
                new Conv2D(256, 5).padding("same").activation("relu"),
                new MaxPooling2D(3, 2),
                new Conv2D(384, 3).padding("same").activation("relu"),
                new Conv2D(384, 3).padding("same").activation("relu"),
                new Conv2D(256, 3).padding("same").activation("relu"),
                new MaxPooling2D(3, 2),
                new Flatten(),
                new Dense(4096, "relu"),
                new Dropout(0.5),
                new Dense(4096, "relu"),
                new Dropout(0.5),
                new Dense(1000, "softmax"));
    }

    @Override
    public String name() {
        return "alexnet";
    }

    @Override
    public String description() {
        return "AlexNet at 227x227x3, 1000 classes: summary and parameter count only (62,378,344)";
    }

    @Override
    public Result run(ExampleOptions o) {
        long start = System.nanoTime();
        Sequential model = build();
        model.seed(o.seed());
        o.out().println(model.summary());
        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("params", (float) model.countParams());
        metrics.put("params_by_formula", (float) PARAMS);
        return new Result(name(), "none (summary only)", metrics, List.of(), Runs.secondsSince(start));
    }
}
