package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Model;
import org.junit.jupiter.api.Test;

class XorTest {
    private static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    private static final double[][] TARGETS = {{0}, {1}, {1}, {0}};

    @Test
    void generatedClass_isAModel_withTheDeclaredSizes() {
        Model model = new Xor(7L);
        assertEquals(2, Xor.INPUT_SIZE);
        assertEquals(1, Xor.OUTPUT_SIZE);
        assertEquals(17, Xor.PARAMETER_COUNT);
        assertEquals(17, model.parameterCount());
        assertEquals(17, model.parameters().length);
    }

    @Test
    void gradientDescent_lowersTheLoss() {
        Xor xor = new Xor(7L);
        double before = totalLoss(xor);
        for (int step = 0; step < 500; step++) {
            xor.zeroGradients();
            for (int i = 0; i < INPUTS.length; i++) {
                xor.backward(INPUTS[i], TARGETS[i]);
            }
            double[] parameters = xor.parameters();
            double[] gradients = xor.gradients();
            for (int j = 0; j < parameters.length; j++) {
                parameters[j] -= 0.5 * gradients[j];
            }
        }
        assertTrue(totalLoss(xor) < before, "loss went from " + before + " to " + totalLoss(xor));
        double[] output = new double[1];
        xor.forward(INPUTS[1], output);
        assertTrue(output[0] > 0 && output[0] < 1, "a probability: " + output[0]);
    }

    private static double totalLoss(Xor xor) {
        double sum = 0;
        for (int i = 0; i < INPUTS.length; i++) {
            sum += xor.loss(INPUTS[i], TARGETS[i]);
        }
        return sum;
    }
}
