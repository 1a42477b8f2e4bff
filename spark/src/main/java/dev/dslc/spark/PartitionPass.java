package dev.dslc.spark;

import dev.dslc.runtime.Accuracy;
import dev.dslc.runtime.BlockBackward;
import dev.dslc.runtime.Model;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One partition's share of an iteration, run on an executor: one model
 * instance for the partition, the broadcast parameters copied in, then either
 * the summed gradient of the partition's examples in the mini-batch (in blocks
 * through {@link BlockBackward}, so through the generated
 * {@code backwardBatch}), or the loss and accuracy of its held-out examples.
 * An example's place in the epoch's order comes from the broadcast
 * {@code positions}: batch {@code k} is the examples at positions
 * {@code [k * batch, (k + 1) * batch)}; held-out examples are at -1.
 * Problems come back as {@link GradientSum#error}, not as exceptions.
 */
final class PartitionPass implements FlatMapFunction<Iterator<IndexedExample>, GradientSum> {
    private static final long serialVersionUID = 1L;
    static final int HELD_OUT = -1;

    private final String modelClass;
    private final Broadcast<double[]> parameters;
    private final Broadcast<int[]> positions;
    private final int from;
    private final int to;

    /**
     * The gradient of the examples at positions {@code [from, to)}; {@code from} -1 evaluates the held-out ones,
     * or, when {@code positions} is null, every example.
     */
    PartitionPass(String modelClass, Broadcast<double[]> parameters, Broadcast<int[]> positions, int from, int to) {
        this.modelClass = modelClass;
        this.parameters = parameters;
        this.positions = positions;
        this.from = from;
        this.to = to;
    }

    @Override
    public Iterator<GradientSum> call(Iterator<IndexedExample> examples) {
        GradientSum sum;
        try {
            sum = run(examples);
        } catch (SparkTrainingException e) {
            sum = GradientSum.failure(e.getMessage());
        }
        return List.of(sum).iterator();
    }

    private GradientSum run(Iterator<IndexedExample> examples) {
        Model model = ModelClasses.onExecutor(modelClass);
        double[] values = parameters.value();
        if (values.length != model.parameterCount()) {
            throw new SparkTrainingException("the executors' " + modelClass + " has " + model.parameterCount()
                    + " parameters, the driver's " + values.length + ": the application jar holds another"
                    + " version of the model");
        }
        System.arraycopy(values, 0, model.parameters(), 0, values.length);
        int[] position = positions == null ? null : positions.value();
        GradientSum sum = new GradientSum();
        BlockBackward block = new BlockBackward(model);
        double[] output = new double[model.outputSize()];
        boolean evaluate = from == HELD_OUT;
        while (examples.hasNext()) {
            IndexedExample example = examples.next();
            int at = position == null ? HELD_OUT : position[(int) example.index()];
            if (evaluate ? at != HELD_OUT : at < from || at >= to) {
                continue;
            }
            model.forward(example.input(), output);
            if (Accuracy.isCorrect(output, output.length, example.target(), model.targetSize())) {
                sum.correct++;
            }
            sum.count++;
            if (evaluate) {
                sum.loss += model.loss(example.input(), example.target());
                continue;
            }
            block.add(example.input(), example.target());
            if (block.isFull()) {
                sum.loss += block.flush();
            }
        }
        if (!evaluate && sum.count > 0) {
            sum.loss += block.flush();
            sum.gradient = model.gradients();
        }
        return sum;
    }
}
