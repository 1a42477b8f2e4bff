package dev.dslc.compiler.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.runtime.Initializers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/** What the methods of one generated class share: names, work fields, and the chain-rule notes. */
final class ClassContext {
    final Names names;
    private final ReverseMode.Result derivative;
    private final Map<Node, Node> adjointOf;
    private final Map<String, FieldSpec> fields = new LinkedHashMap<>();
    private final Map<Node, String> constantArrays = new LinkedHashMap<>();
    private final CodeBlock.Builder staticInitializer = CodeBlock.builder();

    ClassContext(Names names, ReverseMode.Result derivative, Map<Node, Node> adjointOf) {
        this.names = names;
        this.derivative = derivative;
        this.adjointOf = adjointOf;
    }

    /** The work field holding a node's value, declared on first use. */
    String field(Node node, boolean scalar) {
        String name = names.of(node);
        fields.computeIfAbsent(name, n -> scalar
                ? FieldSpec.builder(double.class, n, Modifier.PRIVATE).build()
                : FieldSpec.builder(double[].class, n, Modifier.PRIVATE, Modifier.FINAL)
                        .initializer("new double[$L]", node.size()).build());
        return name;
    }

    /** A static array for a constant tensor that a loop indexes, decoded once when the class loads. */
    String constantArray(Node node) {
        return constantArrays.computeIfAbsent(node, n -> {
            String name = names.unique("CONSTANT_" + names.of(n).toUpperCase(java.util.Locale.ROOT));
            fields.put(name, FieldSpec.builder(double[].class, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                    .initializer("new double[$L]", n.size()).build());
            List<Double> values = ((Op.Constant) n.op()).values();
            for (int start = 0; start < values.size(); start += LiteralStrings.NUMBERS_PER_STRING) {
                staticInitializer.addStatement("$T.literal($N, $L, $S)", Initializers.class, name, start,
                        LiteralStrings.encode(values.subList(start, Math.min(values.size(), start + LiteralStrings.NUMBERS_PER_STRING))));
            }
            return name;
        });
    }

    Iterable<FieldSpec> fields() {
        return fields.values();
    }

    CodeBlock staticInitializer() {
        return staticInitializer.build();
    }

    /** {@code dL/dz2 = dL/da2 * sigmoid'(z2)} for the adjoint a node holds, or null if it holds none. */
    String chainRuleNote(Node adjoint) {
        Node primal = adjointOf.get(adjoint);
        if (primal == null) {
            return null;
        }
        String terms = derivative.contributions().getOrDefault(primal, List.of()).stream()
                .map(c -> c.user().op().adjointNote(c.inputIndex(), names.display(c.user()),
                        c.user().inputs().stream().map(names::display).toList()))
                .collect(Collectors.joining(" + "));
        return "dL/d" + names.display(primal) + " = " + terms;
    }
}
