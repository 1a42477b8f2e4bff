package dev.dslc.compiler.emit;

import dev.dslc.compiler.check.Declaration;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Java names for everything the generated class declares. Temporaries are
 * named after the source ({@code a1}, {@code dL_da1}) so that the code reads
 * like the textbook derivation; a name that Java or the class itself already
 * uses gets a suffix, so any identifier the language accepts is safe.
 */
final class Names {
    /** Names the generated code uses itself: its locals, members and the types it refers to by simple name. */
    private static final Set<String> RESERVED = Set.of(
            "input", "target", "output", "param", "grad", "work", "dest", "scale", "learningRate", "e", "i", "j", "l", "acc",
            "best", "max", "sum", "seed", "acc0", "acc1", "acc2", "acc3", "xl", "xj", "s0", "s1", "s2", "s3", "s4", "s5", "s6",
            "s7", "ex", "examples", "start", "inputs", "targets", "dInput", "jac", "v", "hv", "Arrays",
            "parameters", "gradients", "LAYOUT", "INPUT_SIZE", "OUTPUT_SIZE", "TARGET_SIZE", "PARAMETER_COUNT",
            "Math", "Double", "String", "Object", "System", "List", "Override", "Generated", "Model", "Parameter",
            "Activations", "Lengths", "Initializers", "ModelDerivatives", "DoubleVector", "VectorSpecies", "VectorOperators",
            "java", "javax", "jdk", "dev", "var", "record", "yield", "_");

    private final Set<String> taken = new HashSet<>(RESERVED);
    private final Map<Node, String> nodeNames = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Map<Node, String> sourceNames;
    private final Map<Node, Node> adjointOf;
    private final Map<String, String> offsetConstants = new HashMap<>();

    Names(String className, Map<Node, String> sourceNames, Map<Node, Node> adjointOf, List<Declaration> parameters) {
        this.sourceNames = sourceNames;
        this.adjointOf = adjointOf;
        taken.add(className);
        assignOffsetConstants(parameters);
    }

    /** The {@code W1_OFFSET} constant of a parameter, per the spec's naming rule. */
    String offsetConstant(String parameter) {
        return offsetConstants.get(parameter);
    }

    /** The Java identifier of a node's value: its source name, {@code dL_d<name>} for an adjoint, or op + number. */
    String of(Node node) {
        String name = nodeNames.get(node);
        if (name == null) {
            name = unique(preferredName(node));
            nodeNames.put(node, name);
        }
        return name;
    }

    /** How a node reads in a comment: constants as their value, others by name. */
    String display(Node node) {
        if (node.op() instanceof Op.Constant constant && constant.values().size() == 1) {
            return constant.values().get(0).toString();
        }
        return sourceNames.getOrDefault(node, of(node));
    }

    private String preferredName(Node node) {
        String source = sourceNames.get(node);
        if (source != null) {
            return source;
        }
        Node primal = adjointOf.get(node);
        if (primal != null) {
            return "dL_d" + (sourceNames.containsKey(primal) ? sourceNames.get(primal) : of(primal));
        }
        String mnemonic = node.op().mnemonic();
        int count = counters.merge(mnemonic, 1, Integer::sum);
        return mnemonic + count;
    }

    /** A fresh identifier: {@code base}, or {@code base_}, {@code base_2}, ... if that is taken. */
    String unique(String base) {
        String candidate = base;
        int suffix = 1;
        while (taken.contains(candidate) || SourceVersion.isKeyword(candidate) || !SourceVersion.isIdentifier(candidate)) {
            candidate = suffix == 1 ? base + "_" : base + "_" + suffix;
            suffix++;
        }
        taken.add(candidate);
        return candidate;
    }

    private void assignOffsetConstants(List<Declaration> parameters) {
        Map<String, Integer> upperCounts = new HashMap<>();
        for (Declaration parameter : parameters) {
            upperCounts.merge(upperSnake(parameter.name()), 1, Integer::sum);
        }
        for (Declaration parameter : parameters) {
            String upper = upperSnake(parameter.name());
            // Where two names would collide (W and w), each keeps its name as written.
            String constant = (upperCounts.get(upper) > 1 ? parameter.name() : upper) + "_OFFSET";
            offsetConstants.put(parameter.name(), constant);
            taken.add(constant);
        }
    }

    /** {@code hiddenBias} -> {@code HIDDEN_BIAS}, {@code W1} -> {@code W1}, {@code XMLParser} -> {@code XML_PARSER}. */
    static String upperSnake(String name) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char previous = name.charAt(i - 1);
                boolean nextIsLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextIsLower)) {
                    result.append('_');
                }
            }
            result.append(Character.toUpperCase(c));
        }
        return result.toString();
    }
}
