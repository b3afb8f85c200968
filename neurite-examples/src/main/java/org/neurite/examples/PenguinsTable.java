package org.neurite.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.data.CsvTable;
import org.neurite.data.Dataset;
import org.neurite.data.DatasetPaths;
import org.neurite.data.TablePreprocessing;
import org.neurite.data.TableSource;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;

/**
 * An MLP on a real CSV table: the Palmer penguins (344 birds; species from island, bill, flipper,
 * body mass, sex, year; missing values written {@code NA}). The table is split 80/20 with a seed,
 * the preprocessing (standardised numbers, one-hot island and sex, rows with missing values
 * dropped) is fitted on the training rows only and saved with the model.
 *
 * <pre>
 * (10) inputs -> dense 32 relu -> dense 3 softmax
 * </pre>
 */
public final class PenguinsTable implements Example {
    @Override
    public String name() {
        return "penguins";
    }

    @Override
    public String description() {
        return "MLP on a real CSV table: Palmer penguins species from measurements, island and sex";
    }

    /** The fitted preprocessing of the training part of {@code table}. */
    public static TablePreprocessing preprocessing(CsvTable train) {
        return TablePreprocessing.fit(train, new TablePreprocessing.Options("species"));
    }

    @Override
    public Result run(ExampleOptions o) throws IOException {
        long start = System.nanoTime();
        Path file = o.dataDir().orElse(DatasetPaths.resolve("penguins")).resolve("penguins.csv");
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not found (" + DatasetPaths.describeSearch() + ")");
        CsvTable.Split split = CsvTable.read(file).split(0.2, o.seed());
        TablePreprocessing p = preprocessing(split.train());
        TableSource trainRows = p.transform(split.train()), testRows = p.transform(split.test());
        Dataset train = Dataset.from(trainRows), test = Dataset.from(testRows);

        Sequential model = new Sequential(Input.of(p.featureSize()), new Dense(32, "relu"), new Dense(p.classNames().size(), "softmax"));
        model.preprocessor(p);
        model.seed(o.seed());
        model.compile(new org.neurite.nn.optimizers.Adam(0.01f), new org.neurite.nn.losses.SparseCategoricalCrossentropy(false),
                new org.neurite.nn.metrics.Accuracy());
        if (o.verbose()) o.out().println(model.summary());
        model.fit(train.features(), train.targets(), Runs.fit(o, o.epochsOr(30), 16));
        Map<String, Float> eval = model.evaluate(test.features(), test.targets(), 256);

        int[] counts = new int[p.classNames().size()];
        for (float y : train.targets().data()) counts[(int) y]++;
        int majority = 0;
        for (int k = 1; k < counts.length; k++) if (counts[k] > counts[majority]) majority = k;
        int hits = 0;
        for (float y : test.targets().data()) if ((int) y == majority) hits++;

        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("test_accuracy", eval.get("accuracy"));
        metrics.put("majority_class_accuracy", (float) hits / test.size());
        metrics.put("test_loss", eval.get("loss"));
        metrics.put("rows_dropped_missing", (float) (trainRows.droppedRows() + testRows.droppedRows()));
        metrics.put("params", (float) model.countParams());
        Path saved = Runs.output(o, "penguins.nrt");
        Files.createDirectories(saved.toAbsolutePath().getParent());
        model.save(saved);
        return new Result(name(), file + " (" + train.size() + " train / " + test.size() + " test rows)", metrics, List.of(saved), Runs.secondsSince(start));
    }
}
