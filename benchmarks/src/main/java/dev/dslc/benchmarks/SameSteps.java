package dev.dslc.benchmarks;

import dev.dslc.runtime.Model;
import java.util.Arrays;
import java.util.Random;

/**
 * Checks that a variant of a generated class (a code-shape experiment, see
 * benchmarks/experiments) computes what the class does: both from the same
 * seed, 1,000 fused SGD steps on the same random examples, then the largest
 * difference of any step's loss and of any parameter. A variant is only
 * timed when this prints 0.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:DIR dev.dslc.benchmarks.SameSteps exp.Base exp.Variant
 * </pre>
 */
public final class SameSteps {
    private SameSteps() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SameSteps CLASS VARIANT");
            System.exit(2);
        }
        Model reference = Shape.newModel(args[0], TrainingStep.SEED);
        Model variant = Shape.newModel(args[1], TrainingStep.SEED);
        Random random = new Random(1);
        double[] input = new double[reference.inputSize()];
        double[] target = new double[reference.targetSize()];
        double largest = 0;
        for (int step = 0; step < 1_000; step++) {
            for (int i = 0; i < input.length; i++) {
                input[i] = random.nextGaussian();
            }
            Arrays.fill(target, 0.0);
            target[random.nextInt(target.length)] = 1.0;
            largest = Math.max(largest, Math.abs(reference.sgdStep(input, target, TrainingStep.LEARNING_RATE)
                    - variant.sgdStep(input, target, TrainingStep.LEARNING_RATE)));
        }
        double[] a = reference.parameters();
        double[] b = variant.parameters();
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        System.out.println(args[1] + " against " + args[0] + ": largest difference " + largest);
    }
}
