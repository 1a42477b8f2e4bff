package dev.dslc.compiler.explain;

import dev.dslc.compiler.Compiler;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.emit.EmitOptions;
import dev.dslc.compiler.load.ModelLoader;
import dev.dslc.runtime.Model;

/** Explanations of models written in tests, with the parameters the generated class starts with. */
final class Explanations {

    /** A 784-16-16-10 classifier of MNIST digits, the size the page must stay quick for. */
    static final String MNIST = """
            model Mnist
            input  x[784]
            target y[10]
            param  W1[16, 784] ~ he
            param  b1[16]
            param  W2[16, 16] ~ he
            param  b2[16]
            param  W3[10, 16] ~ xavier
            param  b3[10]
            h1 = relu(W1 @ x + b1)
            h2 = relu(W2 @ h1 + b2)
            logits = W3 @ h2 + b3
            output softmax(logits)
            loss   softmax_cross_entropy(logits, y)
            """;

    private Explanations() {
    }

    static Compiler.Differentiated analyze(String source) {
        return analyze("model.nn", source);
    }

    static Compiler.Differentiated analyze(String fileName, String source) {
        return Compiler.analyze(new SourceFile(fileName, source)).differentiated().orElseThrow();
    }

    /** The generated class of {@code differentiated}, compiled in memory, with its parameters for seed 0. */
    static Model instantiate(Compiler.Differentiated differentiated) {
        try {
            return ModelLoader.load(differentiated.emit("", EmitOptions.DEFAULT)).getConstructor(long.class).newInstance(0L);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code source} worked through for this input and target, from the model's initial parameters. */
    static Explanation explain(String source, double[] input, double[] target) {
        return explain("model.nn", source, input, target);
    }

    /** The same, for a model read from {@code fileName}, described as the command line would. */
    static Explanation explain(String fileName, String source, double[] input, double[] target) {
        Compiler.Differentiated differentiated = analyze(fileName, source);
        double[] parameters = instantiate(differentiated).parameters();
        return Explainer.explain(differentiated, new Explainer.Example(input, target, parameters,
                "input and target as given · initial parameters (seed 0)"));
    }
}
