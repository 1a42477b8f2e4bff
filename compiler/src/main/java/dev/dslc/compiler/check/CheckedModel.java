package dev.dslc.compiler.check;

import dev.dslc.compiler.syntax.Expr;
import dev.dslc.compiler.syntax.Statement;
import java.util.List;

/**
 * A model whose names resolve and whose shapes agree: the checker's output and
 * lowering's input.
 *
 * @param bindings  in source order; each name is defined once, before its uses
 * @param equations every statement as written, for the generated Javadoc
 */
public record CheckedModel(
        String className,
        String sourceFileName,
        List<Declaration> inputs,
        List<Declaration> targets,
        List<Declaration> parameters,
        List<Statement.Binding> bindings,
        Expr output,
        Expr loss,
        List<String> equations) {

    public CheckedModel {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
        parameters = List.copyOf(parameters);
        bindings = List.copyOf(bindings);
        equations = List.copyOf(equations);
    }

    public int inputSize() {
        return totalSize(inputs);
    }

    public int targetSize() {
        return totalSize(targets);
    }

    public int parameterCount() {
        return totalSize(parameters);
    }

    private static int totalSize(List<Declaration> declarations) {
        return declarations.stream().mapToInt(d -> d.shape().size()).sum();
    }
}
