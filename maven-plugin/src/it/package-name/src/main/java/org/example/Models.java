package org.example;

import dev.dslc.runtime.Model;
import org.example.models.Neuron;
import org.example.models.Xor;

/** Compiles only if both classes are in the configured package. */
public final class Models {
    private Models() {
    }

    public static Model[] all() {
        return new Model[] {new Xor(), new Neuron()};
    }
}
