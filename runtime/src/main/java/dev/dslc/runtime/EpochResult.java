package dev.dslc.runtime;

import java.util.List;
import java.util.Locale;

/**
 * What one epoch of {@link Trainer} training measured. The training loss and
 * accuracy are means over the epoch's examples, each measured just before its
 * gradient was taken (so they trail the parameters a little; with L-BFGS, whose
 * epoch is an iteration, they are measured at the point it reached); the held-out ones
 * are measured after the epoch, and are NaN when there is no held-out split.
 * Its {@code toString()} is a one-line progress report.
 *
 * <pre>{@code
 * trainer.train(model, data).epochs().forEach(System.out::println);
 * // epoch 12: loss 0.0213 accuracy 1.000 | held-out loss 0.0301 accuracy 1.000 | lr 0.1
 * }</pre>
 *
 * @param epoch            counted from 1
 * @param trainingLoss     the mean loss over the training examples
 * @param trainingAccuracy the fraction of training examples predicted correctly (see {@link Trainer})
 * @param heldOutLoss      the mean loss over the held-out examples, or NaN
 * @param heldOutAccuracy  the fraction of held-out examples predicted correctly, or NaN
 * @param learningRate     the rate the optimiser will use next; with L-BFGS, the step its line search took
 * @param gradientNorms    per parameter, the mean over the epoch's batches of the L2 norm of the
 *                         batch's mean gradient; empty unless requested
 * @param warnings         vanishing or exploding gradients seen in this epoch
 */
public record EpochResult(int epoch, double trainingLoss, double trainingAccuracy,
                          double heldOutLoss, double heldOutAccuracy, double learningRate,
                          List<GradientNorm> gradientNorms, List<String> warnings) {

    /**
     * Copies the lists, so that the result cannot change.
     *
     * @param epoch            counted from 1
     * @param trainingLoss     the mean loss over the training examples
     * @param trainingAccuracy the fraction of training examples predicted correctly
     * @param heldOutLoss      the mean loss over the held-out examples, or NaN
     * @param heldOutAccuracy  the fraction of held-out examples predicted correctly, or NaN
     * @param learningRate     the rate the optimiser will use next
     * @param gradientNorms    per parameter, the mean L2 norm of its batch gradients; empty unless requested
     * @param warnings         vanishing or exploding gradients seen in this epoch
     */
    public EpochResult {
        gradientNorms = List.copyOf(gradientNorms);
        warnings = List.copyOf(warnings);
    }

    /**
     * One parameter's gradient size in an epoch.
     *
     * @param parameter the parameter's name
     * @param norm      the mean L2 norm of its batch gradients
     */
    public record GradientNorm(String parameter, double norm) {
    }

    /** {@return true when the epoch had a held-out split} */
    public boolean hasHeldOut() {
        return !Double.isNaN(heldOutLoss);
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d: loss %.4g accuracy %.3f",
                epoch, trainingLoss, trainingAccuracy));
        if (hasHeldOut()) {
            line.append(String.format(Locale.ROOT, " | held-out loss %.4g accuracy %.3f",
                    heldOutLoss, heldOutAccuracy));
        }
        line.append(String.format(Locale.ROOT, " | lr %.4g", learningRate));
        for (GradientNorm norm : gradientNorms) {
            line.append(String.format(Locale.ROOT, " |d%s| %.3g", norm.parameter(), norm.norm()));
        }
        return line.toString();
    }
}
