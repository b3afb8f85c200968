package org.neurite.nn.optimizers;

import java.util.List;
import java.util.Locale;

/** Optimizers by their Keras names, with Keras' default hyper-parameters. */
public final class Optimizers {
    /** The names {@link #get} knows. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop");

    private Optimizers() {}

    /**
     * sgd: lr 0.01, no momentum; adam: lr 0.001, betas 0.9/0.999, eps 1e-7; adamw: as adam with
     * weight decay 0.004; rmsprop: lr 0.001, rho 0.9, eps 1e-7.
     *
     * @param name one of {@link #NAMES}, any case
     * @return a new optimizer
     * @throws IllegalArgumentException listing the known names when the name is none of them
     */
    public static Optimizer get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sgd" -> new SGD(0.01f);
            case "adam" -> new Adam(1e-3f, 0.9f, 0.999f, 1e-7f);
            case "adamw" -> new AdamW(1e-3f, 0.9f, 0.999f, 1e-7f, 0.004f, false);
            case "rmsprop" -> new RMSprop();
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; valid names: " + String.join(", ", NAMES));
        };
    }
}
