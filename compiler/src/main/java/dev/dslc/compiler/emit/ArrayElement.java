package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;

/** An element of an array in generated code, {@code array[index]}, with the two parts apart for vector loads. */
record ArrayElement(String array, String index) {

    CodeBlock read() {
        return CodeBlock.of("$N[$L]", array, index);
    }
}
