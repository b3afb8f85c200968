package org.neurite.examples;

import java.util.List;
import java.util.Optional;

/** Every example, in the order of a deep-learning course. */
public final class Examples {
    private Examples() {}

    public static List<Example> all() {
        return List.of(
                new MnistMlp(),
                new LeNet5(),
                new AlexNet(),
                new VggNet(),
                new ExamCifarModel(),
                new ConvAutoencoder(),
                new DenoisingAutoencoder(),
                new Vae(),
                new Dcgan(),
                new Siamese(),
                new SegmentationNet(),
                new ResNet(),
                new InceptionNet(),
                new LstmForecaster(),
                new TransformerClassifier(),
                new PenguinsTable(),
                new ReviewClassifier());
    }

    /** The example with this name, if any. */
    public static Optional<Example> find(String name) {
        return all().stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }
}
