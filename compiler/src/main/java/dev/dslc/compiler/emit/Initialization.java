package dev.dslc.compiler.emit;

import com.palantir.javapoet.MethodSpec;
import dev.dslc.compiler.check.Declaration;
import dev.dslc.compiler.ir.Literals;
import dev.dslc.compiler.ir.Shape;
import dev.dslc.compiler.syntax.Initializer;
import dev.dslc.compiler.syntax.SignedNumber;
import dev.dslc.runtime.Initializers;
import java.util.List;
import java.util.function.Function;

/** The constructor statements that give each parameter its initial values. */
final class Initialization {

    private Initialization() {
    }

    static void addTo(MethodSpec.Builder constructor, List<Declaration> parameters, Function<String, String> offsets) {
        for (Declaration parameter : parameters) {
            if (parameter.initializer().isEmpty()) {
                continue; // zeros, as the array already is
            }
            String offset = offsets.apply(parameter.name());
            int size = parameter.shape().size();
            Initializer initializer = parameter.initializer().get();
            if (initializer instanceof Initializer.Constant constant) {
                double value = constant.value().value();
                if (value != 0.0 || 1 / value < 0) {
                    constructor.addStatement("$T.constant(parameters, $N, $L, $L)", Initializers.class, offset, size,
                            Literals.of(value));
                }
            } else if (initializer instanceof Initializer.Literal literal) {
                List<Double> values = literal.tensor().elements().stream().map(SignedNumber::value).toList();
                for (int start = 0; start < values.size(); start += LiteralStrings.NUMBERS_PER_STRING) {
                    List<Double> chunk = values.subList(start, Math.min(values.size(), start + LiteralStrings.NUMBERS_PER_STRING));
                    constructor.addStatement("$T.literal(parameters, $L, $S)", Initializers.class,
                            Index.of(start).render(offset), LiteralStrings.encode(chunk));
                }
            } else {
                random(constructor, parameter, (Initializer.Random) initializer, offset, size);
            }
        }
    }

    private static void random(MethodSpec.Builder constructor, Declaration parameter, Initializer.Random random,
            String offset, int size) {
        Shape shape = parameter.shape();
        // For W[m, n]: fan_in = n, fan_out = m; a vector's are both its length.
        int fanIn = shape.rank() == 2 ? shape.dimension(1) : shape.size();
        int fanOut = shape.rank() == 2 ? shape.dimension(0) : shape.size();
        List<SignedNumber> arguments = random.arguments();
        switch (random.distribution().text()) {
            case "xavier" -> constructor.addStatement("$T.xavier(parameters, $N, $L, $L, $L, seed, $S)",
                    Initializers.class, offset, size, fanIn, fanOut, parameter.name());
            case "he" -> constructor.addStatement("$T.he(parameters, $N, $L, $L, seed, $S)",
                    Initializers.class, offset, size, fanIn, parameter.name());
            case "normal" -> constructor.addStatement("$T.normal(parameters, $N, $L, $L, $L, seed, $S)",
                    Initializers.class, offset, size, Literals.of(arguments.get(0).value()),
                    Literals.of(arguments.get(1).value()), parameter.name());
            case "uniform" -> constructor.addStatement("$T.uniform(parameters, $N, $L, $L, $L, seed, $S)",
                    Initializers.class, offset, size, Literals.of(arguments.get(0).value()),
                    Literals.of(arguments.get(1).value()), parameter.name());
            default -> throw new IllegalStateException("unchecked initialiser " + random.distribution().text());
        }
    }
}
