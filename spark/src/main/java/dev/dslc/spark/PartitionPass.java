package dev.dslc.spark;

import dev.dslc.runtime.Accuracy;
import dev.dslc.runtime.BlockBackward;
import dev.dslc.runtime.Model;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * One partition's share of an iteration, run on an executor: the executor
 * thread's instance of the model, the broadcast parameters copied in, then
 * either the summed gradient of the partition's examples in the mini-batch (in
 * blocks through {@link BlockBackward}, so through the generated
 * {@code backwardBatch}), or the loss and accuracy of its held-out examples.
 * An example's place in the epoch's order comes from the broadcast
 * {@code positions}: batch {@code k} is the examples at positions
 * {@code [k * batch, (k + 1) * batch)}; held-out examples are at -1.
 * Problems come back as {@link GradientSum#error}, not as exceptions.
 *
 * <p>A function class of Scala's own, not a lambda or Spark's Java API:
 * Spark's closure cleaner reads the class file of every lambda's declaring
 * class for each job (docs/spark.md, "Cost per iteration"), and passes over
 * a plain class. Each executor thread keeps its model instance (with its
 * block and output buffers) from one task to the next, for as long as the
 * thread lives, instead of constructing one per task; the instance is
 * only ever used by that thread.
 */
final class PartitionPass extends AbstractFunction1<Iterator<IndexedExample>, Iterator<GradientSum>>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int HELD_OUT = -1;
    private static final ThreadLocal<Worker> WORKER = new ThreadLocal<>();

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
    public Iterator<GradientSum> apply(Iterator<IndexedExample> examples) {
        GradientSum sum;
        try {
            sum = run(examples);
        } catch (SparkTrainingException e) {
            sum = GradientSum.failure(e.getMessage());
        }
        return scala.collection.Iterator$.MODULE$.single(sum);
    }

    private GradientSum run(Iterator<IndexedExample> examples) {
        Worker worker = Worker.of(modelClass);
        Model model = worker.model;
        double[] values = parameters.value();
        if (values.length != model.parameterCount()) {
            throw new SparkTrainingException("the executors' " + modelClass + " has " + model.parameterCount()
                    + " parameters, the driver's " + values.length + ": the application jar holds another"
                    + " version of the model");
        }
        System.arraycopy(values, 0, model.parameters(), 0, values.length);
        model.zeroGradients();
        int[] position = positions == null ? null : positions.value();
        GradientSum sum = new GradientSum();
        BlockBackward block = worker.block;
        double[] output = worker.output;
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
            // a copy: the instance stays with the thread for its next task
            sum.gradient = model.gradients().clone();
        }
        return sum;
    }

    /** An executor thread's model instance and the buffers that go with it. */
    private static final class Worker {
        final Model model;
        final BlockBackward block;
        final double[] output;

        private Worker(Model model) {
            this.model = model;
            this.block = new BlockBackward(model);
            this.output = new double[model.outputSize()];
        }

        /** This thread's worker for {@code className}, made on the thread's first task or when the class changes. */
        static Worker of(String className) {
            Class<?> type = ModelClasses.onExecutor(className);
            Worker worker = WORKER.get();
            if (worker == null || worker.model.getClass() != type) {
                worker = new Worker(ModelClasses.newInstance(type, null));
                WORKER.set(worker);
            }
            return worker;
        }
    }
}
