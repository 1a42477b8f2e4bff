package dev.dslc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    private static final double EXACT = 1e-12;

    @Test
    void constant_isTheSameAtEveryStep() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(0.3);
        assertEquals(0.3, schedule.rate(0));
        assertEquals(0.3, schedule.rate(1_000_000_000L));
    }

    @Test
    void stepDecay_multipliesByTheFactorEveryInterval() {
        LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.1, 0.5, 2);
        double[] expected = {0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125};
        for (int step = 0; step < expected.length; step++) {
            assertEquals(expected[step], schedule.rate(step), EXACT, "step " + step);
        }
    }

    @Test
    void cosine_fallsFromInitialToMinimumThenStays() {
        LearningRateSchedule schedule = LearningRateSchedule.cosine(1.0, 0.0, 4);
        assertEquals(1.0, schedule.rate(0), EXACT);
        assertEquals(0.8535533905932737, schedule.rate(1), EXACT); // (1 + cos(pi / 4)) / 2
        assertEquals(0.5, schedule.rate(2), EXACT);
        assertEquals(0.0, schedule.rate(4), EXACT);
        assertEquals(0.0, schedule.rate(100), EXACT);
        assertEquals(0.01 + 0.99 * 0.5, LearningRateSchedule.cosine(1.0, 0.01, 10).rate(5), EXACT);
    }

    @Test
    void badArguments_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.0, -1));
    }
}
