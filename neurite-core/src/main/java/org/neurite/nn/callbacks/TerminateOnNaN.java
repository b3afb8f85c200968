package org.neurite.nn.callbacks;

import java.io.PrintStream;
import java.util.Map;
import org.neurite.nn.Display;
import org.neurite.nn.training.Trainer;

/** Stops training as soon as a batch gives a NaN or infinite loss, as Keras' TerminateOnNaN. */
public final class TerminateOnNaN implements Callback {
    private final PrintStream out;
    private Trainer trainer;
    private int terminatedAtBatch = -1;

    /** Messages go to {@link Display#out()}. */
    public TerminateOnNaN() {
        this(Display.out());
    }

    /**
     * A terminator that reports the stop on a stream of the caller's choice.
     *
     * @param out receives one line when training is stopped; null for silence
     */
    public TerminateOnNaN(PrintStream out) {
        this.out = out;
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
        terminatedAtBatch = -1;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Float> logs) {
        Float loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            terminatedAtBatch = batch;
            if (out != null) out.println("Batch " + batch + ": Invalid loss, terminating training");
            trainer.stopTraining();
        }
    }

    /**
     * Where training was stopped.
     *
     * @return the batch (0-based, within its epoch) whose loss was NaN or infinite; -1 if none was
     */
    public int terminatedAtBatch() {
        return terminatedAtBatch;
    }
}
