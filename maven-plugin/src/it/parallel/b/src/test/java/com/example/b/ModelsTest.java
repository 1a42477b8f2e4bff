package com.example.b;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelsTest {
    @Test
    void bothModels_areGeneratedInThisModule() {
        assertEquals(17, new Xor().parameterCount());
        assertEquals(4, new Neuron().parameterCount());
    }
}
