package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives of random models: each model of {@link ModelGenerator}
 * (the same models {@link DifferentialTest} checks) gets a gradient penalty,
 * {@code g = grad(L0 + sum(sin(v)), v)} and {@code loss L0 + 0.1 * sum(square(g))}
 * with L0 its own loss and v one of its parameters (two times in three; then
 * backward computes a Hessian-vector product of L0), inputs or bindings, so
 * that {@code backward} differentiates the derivative of every operator the
 * generator writes; then {@link DifferentialTest#check} compares it with the
 * interpreter and with central differences. {@code sum(sin(v))} makes sure the
 * penalised expression depends on v.
 */
class GradDifferentialTest {
    private static final int MODELS = Integer.getInteger("dslc.differential.gradModels", 120);
    private static final int BATCH = 60;
    private static final Pattern DECLARED = Pattern.compile("(?m)^(input|param|const) (\\w+)|^(\\w+) = ");

    @Test
    void randomModelsWithAGradientPenalty_agreeWithTheInterpreterAndWithFiniteDifferences() throws IOException {
        List<String> failures = new ArrayList<>();
        for (long start = 1; start <= MODELS; start += BATCH) {
            List<String> sources = new ArrayList<>();
            for (long seed = start; seed < Math.min(start + BATCH, MODELS + 1); seed++) {
                sources.add(withGradientPenalty(ModelGenerator.generate(seed, "Grad" + seed), seed));
            }
            List<Optional<String>> problems = DifferentialTest.check(sources);
            for (int i = 0; i < sources.size(); i++) {
                if (problems.get(i).isPresent()) {
                    failures.add(DifferentialTest.report(start + i, sources.get(i), problems.get(i).get()));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
    }

    /** The model with {@code g = grad(L0 + sum(sin(v)), v)} before its output and {@code 0.1 * sum(square(g))} in its loss. */
    static String withGradientPenalty(String source, long seed) {
        List<String> candidates = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        Matcher declared = DECLARED.matcher(source);
        while (declared.find()) {
            candidates.add(declared.group(2) != null ? declared.group(2) : declared.group(3));
            if ("param".equals(declared.group(1))) {
                parameters.add(declared.group(2));
            }
        }
        // Mostly a parameter: then the penalty's gradient is a Hessian-vector product of the model's own loss.
        Random random = new Random(seed);
        List<String> from = parameters.isEmpty() || random.nextInt(3) == 0 ? candidates : parameters;
        String v = from.get(random.nextInt(from.size()));
        int output = source.indexOf("\noutput ") + 1;
        int loss = source.indexOf("\nloss ") + 1;
        String lossExpression = source.substring(loss + "loss ".length(), source.indexOf('\n', loss));
        String penalised = "g = grad(" + lossExpression + " + sum(sin(" + v + ")), " + v + ")\n";
        return source.substring(0, output) + penalised + source.substring(output, loss)
                + "loss " + lossExpression + " + 0.1 * sum(square(g))\n";
    }
}
