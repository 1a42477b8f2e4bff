package dev.dslc.compiler.ir;

import java.util.Arrays;
import java.util.List;

/**
 * op(A) @ op(B), where op transposes a matrix when its flag is set (vectors are
 * unaffected). The flags let the derivative use W^T without copying W.
 */
public record MatMul(boolean transposeLeft, boolean transposeRight) implements Op {
    private static final Affine<Integer> ARITHMETIC = (row, stride, column) -> row * stride + column;

    public Shape shape(List<Shape> inputs) {
        Shape left = transposeLeft ? inputs.get(0).transposed() : inputs.get(0);
        Shape right = transposeRight ? inputs.get(1).transposed() : inputs.get(1);
        Shape shape = Shape.matmul(left, right);
        if (shape == null) {
            throw new IllegalArgumentException(left + " @ " + right);
        }
        return shape;
    }

    /** Rows of op(A): 1 for a vector. */
    public int rows(Node node) {
        Shape a = node.input(0).shape();
        return a.rank() == 1 ? 1 : transposeLeft ? a.dimension(1) : a.dimension(0);
    }

    /** The contracted dimension. */
    public int inner(Node node) {
        Shape a = node.input(0).shape();
        return a.rank() == 1 ? a.dimension(0) : transposeLeft ? a.dimension(0) : a.dimension(1);
    }

    /** Columns of op(B): 1 for a vector. */
    public int columns(Node node) {
        Shape b = node.input(1).shape();
        return b.rank() == 1 ? 1 : transposeRight ? b.dimension(0) : b.dimension(1);
    }

    /**
     * Makes a flat index from a row, a row length and a column: plain
     * arithmetic for the interpreter, an index expression for the emitter.
     */
    @FunctionalInterface
    public interface Affine<I> {
        I at(I row, int stride, I column);
    }

    /** Flat index into A of op(A)[i][l]: the one place the layout of the left operand is decided. */
    public <I> I leftIndex(Node node, I i, I l, Affine<I> affine) {
        Shape a = node.input(0).shape();
        if (a.rank() == 1) {
            return l;
        }
        return transposeLeft ? affine.at(l, a.dimension(1), i) : affine.at(i, a.dimension(1), l);
    }

    /** Flat index into B of op(B)[l][j]: the one place the layout of the right operand is decided. */
    public <I> I rightIndex(Node node, I l, I j, Affine<I> affine) {
        Shape b = node.input(1).shape();
        if (b.rank() == 1) {
            return l;
        }
        return transposeRight ? affine.at(j, b.dimension(1), l) : affine.at(l, b.dimension(1), j);
    }

    /** Flat index into A of op(A)[i][l]. */
    public int leftIndex(Node node, int i, int l) {
        return leftIndex(node, i, l, ARITHMETIC);
    }

    /** Flat index into B of op(B)[l][j]. */
    public int rightIndex(Node node, int l, int j) {
        return rightIndex(node, l, j, ARITHMETIC);
    }

    public double[] evaluate(Node node, List<double[]> inputs) {
        int m = rows(node);
        int n = inner(node);
        int k = columns(node);
        double[] a = inputs.get(0);
        double[] b = inputs.get(1);
        double[] z = new double[m * k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                double sum = 0;
                for (int l = 0; l < n; l++) {
                    sum += a[leftIndex(node, i, l)] * b[rightIndex(node, l, j)];
                }
                z[i * k + j] = sum;
            }
        }
        return z;
    }

    public List<Node> vjp(Node node, Node dz, Graph graph) {
        Node a = node.input(0);
        Node b = node.input(1);
        int rankA = a.shape().rank();
        int rankB = b.shape().rank();
        if (rankA == 2 && rankB == 2) {
            // Z = A'B': dA' = dZ B'^T, dB' = A'^T dZ, transposed back where A or B was.
            Node da = transposeLeft ? graph.matmul(transposeRight, true, b, dz) : graph.matmul(false, !transposeRight, dz, b);
            Node db = transposeRight ? graph.matmul(true, transposeLeft, dz, a) : graph.matmul(!transposeLeft, false, a, dz);
            return Arrays.asList(da, db);
        }
        if (rankA == 2) {
            // z = A'x: dA' = dz x^T, dx = A'^T dz.
            Node da = transposeLeft ? graph.outer(b, dz) : graph.outer(dz, b);
            return Arrays.asList(da, graph.matmul(!transposeLeft, false, a, dz));
        }
        if (rankB == 2) {
            // z = x B': dx = B' dz, dB' = x dz^T.
            Node db = transposeRight ? graph.outer(dz, a) : graph.outer(a, dz);
            return Arrays.asList(graph.matmul(transposeRight, false, b, dz), db);
        }
        // z = a . b, a scalar.
        return Arrays.asList(graph.mul(dz, b), graph.mul(dz, a));
    }

    public String mnemonic() {
        return "matmul";
    }

    @Override
    public String adjointNote(int input, String output, List<String> inputs) {
        String d = "dL/d" + output;
        return input == 0 ? d + " @ " + inputs.get(1) + "^T" : inputs.get(0) + "^T @ " + d;
    }
}
