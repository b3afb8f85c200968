package org.neurite.data;

import java.util.List;
import java.util.Objects;

/**
 * A data set as distributed: a training part, a test part, and the class names in label order
 * (label {@code i} is {@code classNames.get(i)}; empty when unknown).
 */
public record TrainTest(Dataset train, Dataset test, List<String> classNames) {
    /**
     * Checks the parts.
     *
     * @param train the training samples
     * @param test the test samples
     * @param classNames the class names in class-index order
     */
    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    @Override
    public String toString() {
        return "TrainTest(train " + train + ", test " + test + ", " + classNames.size() + " classes)";
    }
}
