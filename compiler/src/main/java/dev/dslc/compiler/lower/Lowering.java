package dev.dslc.compiler.lower;

import dev.dslc.compiler.check.Builtin;
import dev.dslc.compiler.check.CheckedModel;
import dev.dslc.compiler.check.Checker;
import dev.dslc.compiler.check.Declaration;
import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.Graph;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Shape;
import dev.dslc.compiler.syntax.Expr;
import dev.dslc.compiler.syntax.SignedNumber;
import dev.dslc.compiler.syntax.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lower stage: a checked model to tensor IR. Built-in functions that are
 * not primitives are defined here from primitives; the numerically delicate
 * ones are all written on top of the stable {@code logsumexp} and
 * {@code softplus}.
 */
public final class Lowering {
    private final Graph graph;
    private Map<String, Node> scope = new HashMap<>();
    private final Map<Node, String> names = new LinkedHashMap<>();
    private final List<Statement.Binding> bindings;
    /** The names each binding's expression reads, by binding index. */
    private final List<Set<String>> reads = new ArrayList<>();
    /** The binding whose expression is being lowered (bindings.size() for the output and loss). */
    private int current;
    private final List<Derivative> derivatives = new ArrayList<>();
    private int standIns;

    private Lowering(CheckedModel model, Graph graph) {
        this.graph = graph;
        this.bindings = model.bindings();
        for (Statement.Binding binding : bindings) {
            Set<String> read = new HashSet<>();
            binding.value().forEachPart(part -> {
                if (part instanceof Expr.Name name) {
                    read.add(name.identifier().text());
                }
            });
            reads.add(read);
        }
    }

    public static LoweredModel lower(CheckedModel model, Graph graph) {
        return new Lowering(model, graph).run(model);
    }

    private LoweredModel run(CheckedModel model) {
        declare(model.inputs(), Op.VariableKind.INPUT);
        declare(model.targets(), Op.VariableKind.TARGET);
        List<Node> parameterNodes = declare(model.parameters(), Op.VariableKind.PARAMETER);
        for (current = 0; current < bindings.size(); current++) {
            Statement.Binding binding = bindings.get(current);
            Node value = expr(binding.value());
            scope.put(binding.name().text(), value);
            names.putIfAbsent(value, binding.name().text());
        }
        Node output = expr(model.output());
        Node loss = expr(model.loss());
        return new LoweredModel(model.className(), model.sourceFileName(), model.inputs(), model.targets(),
                model.parameters(), model.equations(), graph, parameterNodes, output, loss, names, derivatives);
    }

    private List<Node> declare(List<Declaration> declarations, Op.VariableKind kind) {
        List<Node> nodes = new ArrayList<>();
        for (Declaration declaration : declarations) {
            Node node = graph.variable(kind, declaration.name(), declaration.offset(), declaration.shape());
            scope.put(declaration.name(), node);
            names.put(node, declaration.name());
            nodes.add(node);
        }
        return nodes;
    }

    private Node expr(Expr expr) {
        if (expr instanceof Expr.Number number) {
            return graph.constant(number.literal().value());
        }
        if (expr instanceof Expr.Name name) {
            return scope.get(name.identifier().text());
        }
        if (expr instanceof Expr.Literal literal) {
            return graph.constant(new Shape(literal.tensor().dimensions()),
                    literal.tensor().elements().stream().map(SignedNumber::value).toList());
        }
        if (expr instanceof Expr.Negate negate) {
            return graph.neg(expr(negate.operand()));
        }
        if (expr instanceof Expr.Transpose transpose) {
            Node operand = expr(transpose.operand());
            return operand.shape().rank() == 2 ? graph.transpose(operand) : operand;
        }
        if (expr instanceof Expr.Index index) {
            return index(index);
        }
        if (expr instanceof Expr.Call call) {
            return call(call);
        }
        return binary((Expr.Binary) expr);
    }

    private Node index(Expr.Index index) {
        Node target = expr(index.target());
        Shape shape = target.shape();
        int offset = 0;
        int stride = shape.size();
        for (int axis = 0; axis < index.indices().size(); axis++) {
            stride /= shape.dimension(axis);
            offset += (int) index.indices().get(axis).value() * stride;
        }
        Shape result = new Shape(shape.dimensions().subList(index.indices().size(), shape.rank()));
        return graph.slice(target, offset, result);
    }

    private Node binary(Expr.Binary top) {
        List<Expr.Binary> spine = top.leftSpine();
        Node left = expr(spine.get(0).left());
        for (Expr.Binary binary : spine) {
            left = binary(binary, left);
        }
        return left;
    }

    private Node binary(Expr.Binary binary, Node left) {
        if (binary.operator() == Expr.BinaryOperator.POWER) {
            Double exponent = Checker.numberLiteral(binary.right());
            if (exponent != null) {
                return graph.map(Fn.POW, exponent, left);
            }
            // x ^ e for any other e is exp(e * log(x)), as the language defines it.
            return graph.map(Fn.EXP, graph.mul(expr(binary.right()), graph.map(Fn.LOG, left)));
        }
        Node right = expr(binary.right());
        return switch (binary.operator()) {
            case ADD -> graph.add(left, right);
            case SUBTRACT -> graph.sub(left, right);
            case MULTIPLY -> graph.mul(left, right);
            case DIVIDE -> graph.div(left, right);
            case MATMUL -> graph.matmul(false, false, left, right);
            case POWER -> throw new AssertionError();
        };
    }

    private Node call(Expr.Call call) {
        Builtin function = Builtin.named(call.function().text()).orElseThrow();
        if (function == Builtin.GRAD) {
            return grad(call);
        }
        Node x = expr(call.arguments().get(0));
        if (function == Builtin.LEAKY_RELU) {
            return graph.map(Fn.LEAKY_RELU, Checker.numberLiteral(call.arguments().get(1)), x);
        }
        Node y = call.arguments().size() > 1 ? expr(call.arguments().get(1)) : null;
        return switch (function) {
            case EXP -> graph.map(Fn.EXP, x);
            case LOG -> graph.map(Fn.LOG, x);
            case SQRT -> graph.map(Fn.SQRT, x);
            case ABS -> graph.map(Fn.ABS, x);
            case SIN -> graph.map(Fn.SIN, x);
            case COS -> graph.map(Fn.COS, x);
            case TANH -> graph.map(Fn.TANH, x);
            case SIGMOID -> graph.map(Fn.SIGMOID, x);
            case RELU -> graph.map(Fn.RELU, x);
            case SOFTPLUS -> graph.map(Fn.SOFTPLUS, x);
            case SQUARE -> graph.map(Fn.SQUARE, x);
            case SUM -> graph.sum(x);
            case MEAN -> mean(x);
            case MAX -> graph.extreme(x, true);
            case MIN -> graph.extreme(x, false);
            case DOT -> graph.matmul(false, false, x, y);
            case LOGSUMEXP -> graph.logSumExp(x);
            case LOG_SOFTMAX -> logSoftmax(x);
            // softmax = exp(x - logsumexp(x)): no overflow, and the very node logsumexp's derivative reuses.
            case SOFTMAX -> graph.map(Fn.EXP, logSoftmax(x));
            case MSE -> mean(graph.map(Fn.SQUARE, graph.sub(x, y)));
            // -mean(y*log(p) + (1-y)*log(1-p))
            case BCE -> graph.neg(mean(graph.add(graph.mul(y, graph.map(Fn.LOG, x)),
                    graph.mul(graph.sub(graph.constant(1.0), y), graph.map(Fn.LOG, graph.sub(graph.constant(1.0), x))))));
            // bce(sigmoid(z), y) = softplus(z) - y*z: finite for any z, gradient (sigmoid(z) - y) / n.
            case BCE_LOGITS -> mean(graph.sub(graph.map(Fn.SOFTPLUS, x), graph.mul(y, x)));
            case CROSS_ENTROPY -> graph.neg(graph.sum(graph.mul(y, graph.map(Fn.LOG, x))));
            // -sum(y * log_softmax(z)) = logsumexp(z) * sum(y) - y.z; gradient softmax(z) * sum(y) - y.
            case SOFTMAX_CROSS_ENTROPY -> graph.sub(graph.mul(graph.logSumExp(x), graph.sum(y)),
                    graph.matmul(false, false, y, x));
            case LEAKY_RELU, GRAD -> throw new AssertionError();
        };
    }

    /**
     * grad(e, x) by reverse mode from e to x. An input or a parameter is a
     * variable of its own, read only through its name. A binding is not: the
     * graph shares equal subexpressions, so the node of {@code h = 2 * a} is
     * also the {@code 2 * a} written elsewhere, and differentiating with
     * respect to that node would count both. So e is lowered again with a
     * fresh stand-in variable for x, and every binding that reads x lowered
     * again on top of it; the derivative is taken with respect to the stand-in,
     * which is then replaced by x's node. What is not rebuilt is shared with
     * the graph as it was, by interning.
     */
    private Node grad(Expr.Call call) {
        Expr of = call.arguments().get(0);
        String with = ((Expr.Name) call.arguments().get(1)).identifier().text();
        Node variable = scope.get(with);
        Node differentiated = variable;
        int first = derivatives.size();
        Node value;
        if (bindings.stream().anyMatch(b -> b.name().text().equals(with))) {
            differentiated = graph.variable(Op.VariableKind.INPUT, "grad." + with + "." + standIns++, -1,
                    variable.shape());
            Map<String, Node> outer = scope;
            int outerCurrent = current;
            scope = new HashMap<>(outer);
            scope.put(with, differentiated);
            Set<String> changed = new HashSet<>(Set.of(with));
            for (int i = 0; i < outerCurrent; i++) {
                if (!Collections.disjoint(reads.get(i), changed)) {
                    current = i;
                    scope.put(bindings.get(i).name().text(), expr(bindings.get(i).value()));
                    changed.add(bindings.get(i).name().text());
                }
            }
            current = outerCurrent;
            value = expr(of);
            scope = outer;
        } else {
            value = expr(of);
        }
        // The grads inside e were built on the stand-in: they are rebuilt on x with this one.
        List<Derivative> inner = new ArrayList<>(derivatives.subList(first, derivatives.size()));
        derivatives.subList(first, derivatives.size()).clear();
        String ofName = of instanceof Expr.Name name ? name.identifier().text() : null;
        derivatives.addAll(Derivative.build(graph, ofName, with, value, differentiated, variable, inner));
        return derivatives.get(derivatives.size() - 1).result();
    }

    private Node logSoftmax(Node x) {
        return graph.sub(x, graph.logSumExp(x));
    }

    /** sum(x) / n, dividing rather than multiplying by 1/n, which is inexact for most n. */
    private Node mean(Node x) {
        return graph.div(graph.sum(x), graph.constant(x.size()));
    }
}
