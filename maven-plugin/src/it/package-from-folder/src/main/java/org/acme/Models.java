package org.acme;

import dev.dslc.runtime.Model;
import org.acme.nets.Xor;

/** Compiles only if the generated class is in the package its folder names. */
public final class Models {
    private Models() {
    }

    public static Model xor() {
        return new Xor();
    }
}
