package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dslc.runtime.Model;
import org.junit.jupiter.api.Test;

/** The class the plugin generated is the one the spark-submit command of docs/spark.md names. */
class AppJarTest {

    @Test
    void digits_isAGeneratedModelWithTheConstructorsTrainJobUses() throws ReflectiveOperationException {
        Model fresh = (Model) Class.forName("com.example.Digits").getConstructor().newInstance();
        Model seeded = (Model) Class.forName("com.example.Digits").getConstructor(long.class).newInstance(0L);
        assertEquals(64, fresh.inputSize());
        assertEquals(10, fresh.targetSize());
        assertEquals(java.util.Arrays.toString(fresh.parameters()), java.util.Arrays.toString(seeded.parameters()));
    }
}
