package org.neurite.analysis.health;

/**
 * When the recorded series raise a flag. The defaults are the rules of thumb of the course notes.
 *
 * @param vanishingRatio    vanishing when the first layer's gradient norm is below this times the last layer's (default 1e-3)
 * @param vanishingAbsolute ... or below this in absolute terms (default 1e-7)
 * @param explodingNorm     exploding when a gradient norm exceeds this (default 1e3) or is not finite
 * @param explodingGrowth   ... or when a layer's mean gradient norm grows by more than this factor from one epoch to the next (default 10)
 * @param deadFraction      a ReLU layer is dead when more than this fraction of its units are (default 0.5)
 * @param saturatedFraction a sigmoid/tanh layer is saturated when more than this fraction of its outputs are (default 0.5)
 */
public record HealthThresholds(double vanishingRatio, double vanishingAbsolute, double explodingNorm, double explodingGrowth,
                               double deadFraction, double saturatedFraction) {

    /**
     * The course notes' rules of thumb.
     *
     * @return vanishing ratio 1e-3, absolute 1e-7; exploding norm 1e3, growth 10; dead and saturated fractions 0.5
     */
    public static HealthThresholds defaults() {
        return new HealthThresholds(1e-3, 1e-7, 1e3, 10, 0.5, 0.5);
    }
}
