package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class XorTest {
    @Test
    void testModel_isGeneratedIntoTheTestSources() {
        double[] output = new double[Xor.OUTPUT_SIZE];
        new Xor().forward(new double[] {1, 0}, output);
        assertEquals(1, output.length);
    }
}
