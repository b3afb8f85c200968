package org.neurite.analysis.formulas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.neurite.nn.Layer;

/**
 * The {@link LayerFormula} of every layer class of {@code org.neurite.nn.layers}, looked up by
 * exact class; custom layers register theirs with {@link #register}. A test enumerates the layer
 * package and fails for a class without a formula.
 */
public final class LayerFormulas {
    private static final Map<Class<? extends Layer>, LayerFormula> FORMULAS = new LinkedHashMap<>();

    static {
        CoreFormulas.register(FORMULAS);
        ConvFormulas.register(FORMULAS);
        SequenceFormulas.register(FORMULAS);
        MergeFormulas.register(FORMULAS);
    }

    private LayerFormulas() {}

    /**
     * Adds or replaces the formula of a layer class (e.g. a custom layer's).
     *
     * @param type the exact layer class (subclasses are not matched)
     * @param formula its shape and parameter formulas
     */
    public static synchronized void register(Class<? extends Layer> type, LayerFormula formula) {
        FORMULAS.put(type, formula);
    }

    /**
     * The formula of a layer class.
     *
     * @param type the exact layer class
     * @return its formula, or null if there is none
     */
    public static synchronized LayerFormula forClass(Class<? extends Layer> type) {
        return FORMULAS.get(type);
    }

    /**
     * The layer classes that have a formula.
     *
     * @return an unmodifiable copy, in registration order
     */
    public static synchronized Set<Class<? extends Layer>> covered() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(FORMULAS.keySet()));
    }
}
