package dev.dslc.runtime;

/**
 * The mean loss over a whole training set, and its mean gradient, as an
 * {@link Lbfgs.Objective} of the model's live parameter array: each
 * evaluation sums the gradient with {@link GradientWorkers}, the way a
 * mini-batch is summed (blocks of {@code backwardBatch}, on every thread, the
 * same bits for any thread count), then scales it by {@code 1 / n}. It also
 * keeps each evaluation's count of examples predicted right, so that an
 * L-BFGS iteration can report the accuracy at the point its line search kept.
 * Allocates nothing per evaluation.
 */
final class FullBatchObjective implements Lbfgs.Objective {
    private final Model model;
    private final GradientWorkers workers;
    private final int examples;
    /** Per evaluation of the iteration in hand, from 1; slot 0 is the count at the point the iteration left. */
    private final int[] correct;
    private int evaluation;

    /** For {@code examples} training examples in {@code workers}' order, and line searches of at most that many. */
    FullBatchObjective(Model model, GradientWorkers workers, int examples, int lineSearchEvaluations) {
        this.model = model;
        this.workers = workers;
        this.examples = examples;
        this.correct = new int[lineSearchEvaluations + 1];
    }

    /** {@code x} is the model's parameter array, which the optimiser has just set. */
    @Override
    public double evaluate(double[] x, double[] gradient) {
        if (x != model.parameters()) {
            throw new IllegalArgumentException("the objective of a model is evaluated at its own parameters");
        }
        workers.parametersChanged();
        double loss = workers.accumulate(0, examples);
        int right = workers.takeCorrect();
        if (evaluation < correct.length) {
            correct[evaluation] = right;
        }
        evaluation++;
        double[] sum = model.gradients();
        double scale = 1.0 / examples;
        for (int i = 0; i < sum.length; i++) {
            gradient[i] = sum[i] * scale;
        }
        model.zeroGradients();
        return loss * scale;
    }

    /** The next evaluations belong to a new iteration's line search. */
    void beginIteration() {
        evaluation = 1;
    }

    /** The iteration ends at the point of its {@code accepted}-th evaluation (0: where it began). */
    void keep(int accepted) {
        correct[0] = correct[accepted];
    }

    /** {@return how many examples the model predicts right at the current point} */
    int correct() {
        return correct[0];
    }
}
