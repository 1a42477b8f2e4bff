package dev.dslc.runtime;

import java.util.Random;

/**
 * Softmax regression from 4 inputs to 3 classes, shaped for the trainer the way a generated class is: public,
 * with a public no-argument constructor that initialises the parameters from a fixed seed. No backwardBatch.
 */
public class PublicSoftmax extends ForwardingModel {

    public PublicSoftmax() {
        super(new SoftmaxRegression(4, 3));
        Random random = new Random(11L);
        double[] parameters = parameters();
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = 0.3 * random.nextGaussian();
        }
    }
}
