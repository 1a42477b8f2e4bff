package dev.dslc.compiler.emit;

import com.palantir.javapoet.ClassName;

/**
 * The types of {@code jdk.incubator.vector} that vector kernels name. By name
 * only: dslc itself neither needs nor loads the incubating module.
 */
final class VectorApi {
    /** The incubating module's one package, which has the module's name. */
    static final String PACKAGE = EmitOptions.VECTOR_MODULE;
    static final ClassName DOUBLE_VECTOR = ClassName.get(PACKAGE, "DoubleVector");
    static final ClassName SPECIES = ClassName.get(PACKAGE, "VectorSpecies");
    static final ClassName OPERATORS = ClassName.get(PACKAGE, "VectorOperators");

    private VectorApi() {
    }
}
