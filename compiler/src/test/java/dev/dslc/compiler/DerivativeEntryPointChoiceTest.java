package dev.dslc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.autodiff.Derivatives;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.emit.EmitOptions.DerivativeEntryPoints;
import org.junit.jupiter.api.Test;

/** Which derivative entry points a class gets under each choice of {@code --derivatives} (docs/derivatives.md). */
class DerivativeEntryPointChoiceTest {

    /** 576 million weights: the class fits the 16 GiB limit, but not with a Hessian-vector product's values. */
    private static final String LARGE = """
            model Large
            input x[24000]
            param W[24000, 24000] ~ xavier
            output sum(W @ x)
            loss sum(square(W @ x))
            """;

    @Test
    void auto_leavesOutWhatWouldPassTheLimits_ratherThanRefuseTheModel() {
        Compiler.Analysis analysis = Compiler.analyze(new SourceFile("large.nn", LARGE), DerivativeEntryPoints.AUTO);

        assertEquals(java.util.List.of(), analysis.diagnostics());
        assertEquals(Derivatives.NONE, analysis.differentiated().orElseThrow().more());
    }

    @Test
    void all_warnsOfWhatWouldPassTheLimits_andLeavesItOut() {
        Compiler.Analysis analysis = Compiler.analyze(new SourceFile("large.nn", LARGE), DerivativeEntryPoints.ALL);

        assertEquals(Derivatives.NONE, analysis.differentiated().orElseThrow().more());
        assertEquals(1, analysis.diagnostics().size());
        assertFalse(analysis.diagnostics().get(0).isError());
        assertTrue(analysis.diagnostics().get(0).message().contains("the derivative entry points would pass the"
                + " generated class's limits (the generated class would allocate"), analysis.diagnostics().get(0).message());
    }

    @Test
    void all_leavesOutAJacobianTooWideForTheClass_withAWarning() {
        String wide = "model W\ninput x[3]\nparam w[3] ~ xavier\noutput tanh(sum(w * x) * "
                + "[" + "0.5, ".repeat(4999) + "0.5])\nloss square(sum(w * x))\n";

        Compiler.Analysis analysis = Compiler.analyze(new SourceFile("wide.nn", wide), DerivativeEntryPoints.ALL);

        Derivatives more = analysis.differentiated().orElseThrow(() -> new AssertionError("" + analysis.diagnostics()))
                .more();
        assertFalse(more.jacobianRows().isPresent());
        assertTrue(more.inputGradient().isPresent() && more.hessianVectorProduct().isPresent());
        assertEquals(1, analysis.diagnostics().size());
        assertTrue(analysis.diagnostics().get(0).message().startsWith("--derivatives all: the jacobian entry point would"
                + " pass the generated class's limits (the generated class would be too large"),
                analysis.diagnostics().get(0).message());
    }

    @Test
    void auto_givesTheJacobianOfAScalarOutputOnly() {
        String vectorOutput = "model V\ninput x[3]\nparam W[2, 3]\noutput W @ x\nloss sum(square(W @ x))\n";
        String scalarOutput = "model S\ninput x[3]\nparam w[3]\noutput w @ x\nloss square(w @ x)\n";

        Derivatives vector = more(vectorOutput, DerivativeEntryPoints.AUTO);
        Derivatives scalar = more(scalarOutput, DerivativeEntryPoints.AUTO);

        assertTrue(vector.inputGradient().isPresent() && vector.hessianVectorProduct().isPresent());
        assertFalse(vector.jacobianRows().isPresent());
        assertTrue(scalar.jacobianRows().isPresent());
        assertEquals(2, more(vectorOutput, DerivativeEntryPoints.ALL).jacobianRows().orElseThrow().size());
        assertEquals(Derivatives.NONE, more(vectorOutput, DerivativeEntryPoints.NONE));
    }

    private static Derivatives more(String source, DerivativeEntryPoints choice) {
        Compiler.Analysis analysis = Compiler.analyze(new SourceFile("m.nn", source), choice);
        return analysis.differentiated().orElseThrow(() -> new AssertionError("" + analysis.diagnostics())).more();
    }
}
