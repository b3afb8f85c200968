package org.neurite.io.checkpoint;

import java.util.List;

/**
 * What a checkpoint holds, as read from the file (nothing is applied to a model yet).
 *
 * @param epoch       epochs completed: the {@code initialEpoch} a resumed fit starts from
 * @param fitSeed     the shuffling seed of the fit that wrote it ({@code FitConfig.seed})
 * @param optimizer   the optimizer's name ({@code adam}, {@code sgd}, ...)
 * @param iterations  the optimizer's step count
 * @param learningRate the learning rate at the time (restored unless a schedule drives it)
 * @param slotCount   state buffers per variable
 * @param variables   every variable of the network, in {@code network.variables()} order
 * @param random      the random state (seed, position) of each stochastic layer, in layer order
 */
public record CheckpointData(int epoch, long fitSeed, String optimizer, long iterations, float learningRate, int slotCount,
        List<VariableState> variables, List<RandomState> random) {

    /** A stochastic layer's name (when saved), seed and the number of random calls it has made. */
    public record RandomState(String layer, long seed, long position) {}

    /**
     * One variable: its name, shape, values and optimizer state (step -1 and no slots when the
     * optimizer has not updated it).
     *
     * @param name the variable's name, e.g. {@code dense/kernel}
     * @param shape its dimensions
     * @param values its values, row-major
     * @param step how many updates the optimizer has made to it; -1 for none
     * @param slots the optimizer's buffers for it (e.g. Adam's m and v), each of its size
     */
    public record VariableState(String name, int[] shape, float[] values, int step, float[][] slots) {}
}
