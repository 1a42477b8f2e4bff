package dev.dslc.compiler.ir;

import java.util.List;

/** 1 at the first maximal (or minimal) element, 0 elsewhere: max'(x) and min'(x). */
public record ExtremeMask(boolean max) implements Op {

    public Shape shape(List<Shape> inputs) {
        return inputs.get(0);
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        double[] x = inputs.get(0);
        double[] mask = new double[x.length];
        mask[firstExtreme(x, max)] = 1.0;
        return mask;
    }

    /**
     * The index of the first largest (smallest) element; strict comparison keeps
     * the first of ties. The generated code uses the same loop.
     */
    static int firstExtreme(double[] x, boolean max) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (max ? x[i] > x[best] : x[i] < x[best]) {
                best = i;
            }
        }
        return best;
    }

    // Piecewise constant.
    public List<Node> vjp(Node node, Node adjoint, Graph graph) {
        return Op.noGradients(1);
    }

    public String mnemonic() {
        return max ? "argmax" : "argmin";
    }
}
