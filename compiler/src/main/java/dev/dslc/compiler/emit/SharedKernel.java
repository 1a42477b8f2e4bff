package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loop kernel written so that its code names its work-array and example
 * offsets and the scalar locals it reads as arguments ({@code off0},
 * {@code arg0}): kernels whose code is then the same (one layer applied at
 * every step of a recurrence written out) become one private method and a
 * call each, instead of a copy each.
 */
record SharedKernel(CodeBlock body, KernelArguments arguments) {

    /** What identifies the method: its code and the arguments of the method that calls it. */
    String key(List<ParameterSpec> callerArguments) {
        return callerArguments.stream().map(p -> p.type() + " " + p.name()).collect(Collectors.joining(","))
                + "|" + arguments.writesGradients + "|" + body;
    }

    /** The arguments a shared kernel's code names, in order of first use, with what the caller passes. */
    static final class KernelArguments {
        /** Offset to its name. */
        final Map<Integer, String> offsets = new LinkedHashMap<>();
        /** The caller's expression for a scalar to its name. */
        final Map<String, String> values = new LinkedHashMap<>();
        boolean readsParameters;
        boolean writesGradients;
        boolean usesWork;

        String offset(int value) {
            return offsets.computeIfAbsent(value, v -> "off" + offsets.size());
        }

        String value(CodeBlock expression) {
            return values.computeIfAbsent(expression.toString(), e -> "arg" + values.size());
        }
    }
}
