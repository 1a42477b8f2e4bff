package dev.dslc.benchmarks;

import java.util.SplittableRandom;

/**
 * A fixed set of training examples, the same for every implementation:
 * inputs uniform in [0, 1), targets one-hot (a 0/1 label for one output).
 * Stored both as rows and as one flat array for the batched entry point.
 */
final class Samples {
    final double[][] inputs;
    final double[][] targets;
    final double[] flatInputs;
    final double[] flatTargets;
    final int count;

    Samples(Shape shape, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.count = count;
        inputs = new double[count][shape.inputs()];
        targets = new double[count][shape.outputs()];
        flatInputs = new double[count * shape.inputs()];
        flatTargets = new double[count * shape.outputs()];
        for (int s = 0; s < count; s++) {
            for (int j = 0; j < shape.inputs(); j++) {
                inputs[s][j] = random.nextDouble();
            }
            targets[s][random.nextInt(shape.outputs())] = 1.0;
            if (shape.outputs() == 1) {
                targets[s][0] = random.nextBoolean() ? 1.0 : 0.0;
            }
            System.arraycopy(inputs[s], 0, flatInputs, s * shape.inputs(), shape.inputs());
            System.arraycopy(targets[s], 0, flatTargets, s * shape.outputs(), shape.outputs());
        }
    }
}
