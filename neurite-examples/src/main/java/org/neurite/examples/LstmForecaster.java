package org.neurite.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.data.Dataset;
import org.neurite.data.Preprocessing;
import org.neurite.data.TimeSeriesCsv;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.optimizers.Adam;
import org.neurite.tensor.Tensor;

/**
 * One-step-ahead forecasting of a real series (monthly sunspot numbers, 1749 on) with an LSTM:
 * look-back windows of {@value #LOOK_BACK} months, scaled to [0, 1] with the training part's
 * minimum and maximum, a time-ordered split (the first 80% of the windows train, the last 20%
 * test: no future leaks into training), and the test RMSE, in the series' units, compared with the
 * naive forecast "next month = this month".
 *
 * <pre>
 * (24, 1) -> LSTM 32 -> dense 1        LSTM: 4·(32·(1+32)+32) = 4,352 parameters; dense 33
 * </pre>
 */
public final class LstmForecaster implements Example {
    public static final int LOOK_BACK = 24;

    public static Sequential build() {
        return new Sequential(Input.of(LOOK_BACK, 1), new LSTM(32), new Dense(1));
    }

    /** RMSE of the forecasts against the targets. */
    static float rmse(float[] forecast, float[] target) {
        double s = 0;
        for (int i = 0; i < target.length; i++) s += (forecast[i] - target[i]) * (double) (forecast[i] - target[i]);
        return (float) Math.sqrt(s / target.length);
    }

    @Override
    public String name() {
        return "lstm-forecaster";
    }

    @Override
    public String description() {
        return "LSTM one-step forecaster on monthly sunspots (time-ordered split), RMSE vs the naive last value";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        long start = System.nanoTime();
        ExampleData.Series series = ExampleData.series(o, "sunspots-monthly.csv");
        float[] values = series.values();
        int trainWindows = (int) ((values.length - LOOK_BACK) * 0.8);
        Preprocessing.MinMax scale = Preprocessing.MinMax.of(Arrays.copyOf(values, trainWindows + LOOK_BACK)); // training part only
        Dataset windows = TimeSeriesCsv.windows(scale.scale(values), LOOK_BACK);
        Dataset train = windows.slice(0, trainWindows), test = windows.slice(trainWindows, windows.size());

        Sequential model = build();
        model.seed(o.seed());
        model.compile(new Adam(3e-3f), org.neurite.nn.losses.Losses.get("mse"));
        if (o.verbose()) o.out().println(model.summary());
        model.fit(train.features(), train.targets(), Runs.fit(o, o.epochsOr(8), 32));

        float[] forecast = scale.unscale(model.predict(test.features(), 256).data());
        float[] target = scale.unscale(test.targets().data());
        float[] naive = new float[target.length];
        Tensor x = test.features();
        for (int i = 0; i < naive.length; i++) naive[i] = x.data()[i * LOOK_BACK + LOOK_BACK - 1];
        naive = scale.unscale(naive);

        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("test_rmse", rmse(forecast, target));
        metrics.put("naive_last_value_rmse", rmse(naive, target));
        metrics.put("train_windows", (float) train.size());
        metrics.put("test_windows", (float) test.size());
        return new Result(name(), series.source(), metrics, List.of(), Runs.secondsSince(start));
    }
}
