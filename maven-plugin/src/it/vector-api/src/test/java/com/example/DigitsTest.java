package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.runtime.Sgd;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DigitsTest {

    @Test
    void fusedSgdSteps_lowerTheLoss() {
        Random random = new Random(3);
        double[][] inputs = new double[20][64];
        double[][] targets = new double[20][10];
        for (int i = 0; i < inputs.length; i++) {
            for (int j = 0; j < 64; j++) {
                inputs[i][j] = random.nextDouble();
            }
            targets[i][i % 10] = 1;
        }
        Digits digits = new Digits(7L);
        Sgd sgd = new Sgd(0.05);
        double before = totalLoss(digits, inputs, targets);
        for (int epoch = 0; epoch < 50; epoch++) {
            for (int i = 0; i < inputs.length; i++) {
                sgd.step(digits, inputs[i], targets[i]);
            }
        }
        double after = totalLoss(digits, inputs, targets);
        assertTrue(after < before / 2, "loss went from " + before + " to " + after);
    }

    private static double totalLoss(Digits digits, double[][] inputs, double[][] targets) {
        double sum = 0;
        for (int i = 0; i < inputs.length; i++) {
            sum += digits.loss(inputs[i], targets[i]);
        }
        return sum;
    }
}
