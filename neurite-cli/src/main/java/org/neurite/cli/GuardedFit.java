package org.neurite.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Model;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.callbacks.TerminateOnNaN;

/**
 * The command line's rules around a training run, written once for every kind of data: stop at the
 * first NaN or infinite loss, count the steps that ran, and refuse to save a model that did not
 * train or diverged (unless {@code --allow-non-finite}), so that a good model already at
 * {@code --out} is never overwritten by a broken one.
 */
final class GuardedFit {
    private final boolean allowNonFinite;
    private final TerminateOnNaN nanStop;
    private int steps;

    GuardedFit(boolean allowNonFinite, PrintStream out) {
        this.allowNonFinite = allowNonFinite;
        this.nanStop = new TerminateOnNaN(allowNonFinite ? null : out);
    }

    /** The callbacks that watch the run: add them to the fit's callbacks. */
    List<Callback> callbacks() {
        List<Callback> cs = new ArrayList<>();
        if (!allowNonFinite) cs.add(nanStop);
        cs.add(new Callback() {
            @Override
            public void onBatchEnd(int batch, Map<String, Float> logs) {
                steps++;
            }
        });
        return cs;
    }

    /**
     * After the fit: fails when no step ran or training diverged (loss or weights not finite);
     * returns the number of non-finite weights (non-zero only with {@code --allow-non-finite}).
     */
    long checkTrained(Model model, History history, Path file, String dataDescription) {
        if (steps == 0) throw new IllegalStateException("no training step ran (" + dataDescription + "); nothing was saved");
        long nonFinite = Outputs.nonFiniteWeights(model);
        if (!allowNonFinite && (nanStop.terminatedAtBatch() >= 0 || nonFinite > 0)) {
            throw new IllegalStateException("training diverged: " + (nanStop.terminatedAtBatch() >= 0
                    ? "the loss became NaN or infinite at batch " + nanStop.terminatedAtBatch() + " of epoch " + history.epochs().size()
                    : nonFinite + " weights are NaN or infinite") + notSaved(file));
        }
        return nonFinite;
    }

    /** Finite but huge weights (one giant step) still give a useless model: a non-finite test loss fails too. */
    void checkTestLoss(float loss, Path file) {
        if (!allowNonFinite && !Float.isFinite(loss)) throw new IllegalStateException("training diverged: the test loss is " + loss + notSaved(file));
    }

    private static String notSaved(Path file) {
        return "; the model was not saved" + (Files.exists(file) ? " (" + file + " is unchanged)" : "") + ". Try a lower --lr; --allow-non-finite saves it anyway";
    }
}
