package dev.dslc.runtime;

/** {@link PublicSoftmax} with a generated class's {@code backwardBatch}, counting its calls. */
public final class BatchedSoftmax extends PublicSoftmax {
    private final double[] input = new double[4];
    private final double[] target = new double[3];
    int batchCalls;
    int batchedExamples;

    public BatchedSoftmax() {
    }

    /** As generated: the summed gradient of {@code count} examples laid out one after another. */
    public double backwardBatch(double[] inputs, double[] targets, int count) {
        batchCalls++;
        batchedExamples += count;
        double loss = 0.0;
        for (int e = 0; e < count; e++) {
            System.arraycopy(inputs, e * input.length, input, 0, input.length);
            System.arraycopy(targets, e * target.length, target, 0, target.length);
            loss += backward(input, target);
        }
        return loss;
    }
}
