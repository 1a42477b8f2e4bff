package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccuracyTest {

    private static boolean correct(double[] output, double... target) {
        return Accuracy.isCorrect(output, output.length, target, target.length);
    }

    @Test
    void oneOutput_isRightOnTheSameSideOfOneHalfAsTheTarget() {
        assertTrue(correct(new double[] {0.7}, 1.0));
        assertTrue(correct(new double[] {0.2}, 0.0));
        assertTrue(correct(new double[] {0.9}, 0.6));
        assertFalse(correct(new double[] {0.3}, 1.0));
        assertFalse(correct(new double[] {0.51}, 0.0));
        assertFalse(correct(new double[] {0.5}, 1.0), "exactly 0.5 counts as negative");
    }

    @Test
    void severalOutputs_areRightWhenTheLargestIsAtTheTargetsLargest() {
        assertTrue(correct(new double[] {0.1, 0.7, 0.2}, 0, 1, 0));
        assertFalse(correct(new double[] {0.5, 0.3, 0.2}, 0, 0, 1));
        assertTrue(correct(new double[] {2.0, -1.0}, 0.9, 0.1), "targets need not be one-hot");
        assertTrue(correct(new double[] {0.4, 0.4, 0.2}, 1, 0, 0), "ties go to the first");
        assertFalse(correct(new double[] {0.4, 0.4, 0.2}, 0, 1, 0));
    }
}
