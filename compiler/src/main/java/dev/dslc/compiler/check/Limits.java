package dev.dslc.compiler.check;

import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.ir.Extreme;
import dev.dslc.compiler.ir.ExtremeMask;
import dev.dslc.compiler.ir.LogSumExp;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.ir.Sum;
import dev.dslc.compiler.lower.LoweredModel;
import dev.dslc.compiler.syntax.Expr;
import dev.dslc.compiler.syntax.Initializer;
import dev.dslc.compiler.syntax.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The limits of one Java class, checked on the differentiated model before
 * any code is written, so that a model too large for the JVM gets a
 * diagnostic naming the limit and the statement that passes it rather than
 * a javac failure (or minutes of work) afterwards. The estimates are cheap,
 * linear in the size of the IR, and err on the large side; the reasons for
 * each number are in docs/robustness.md.
 *
 * <pre>{@code
 * List<Diagnostic> problems = Limits.check(checkedModel, lowered, derivative);
 * }</pre>
 */
public final class Limits {
    /** The longest array HotSpot allocates. */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Parameters, gradients and work arrays of one instance, in doubles: 16 GiB. */
    public static final long MAX_ALLOCATED_DOUBLES = 1L << 31;
    /**
     * Computed values (forward and backward). Each may become a work-array
     * field, and each field's initialiser takes about 9 bytes of the
     * constructor, which like every method holds at most 64 KB of bytecode.
     */
    public static final int MAX_OPERATIONS = 5_000;
    /** Estimated bytecode of forward, loss and backward together: 4 MB. */
    public static final long MAX_CODE_BYTES = 4_000_000;
    /** Each parameter adds an entry to the static layout table and an initialiser call to the constructor. */
    public static final int MAX_PARAMETERS = 500;
    /** Literal numbers travel in the class file's string constants, 2,000 to a constructor statement. */
    public static final int MAX_LITERAL_NUMBERS = 1_000_000;

    // The emitter's code shape, as measured on its output: an unrolled element
    // or multiply-add is about 12 bytes; a loop is about 120. It unrolls results
    // of up to 64 elements and 512 multiply-adds.
    private static final int BYTES_PER_UNROLLED_TERM = 12;
    private static final int BYTES_PER_LOOP = 120;
    private static final int MAX_UNROLLED_ELEMENTS = 64;
    private static final int MAX_UNROLLED_WORK = 512;

    private final CheckedModel model;
    private final LoweredModel lowered;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private Limits(CheckedModel model, LoweredModel lowered) {
        this.model = model;
        this.lowered = lowered;
    }

    /**
     * The limits that the checked model shows, before any work is spent on
     * lowering it: the number of parameters, of literal numbers, and a
     * generous bound on operations (the IR shares common subexpressions and
     * drops unused bindings, so it is checked exactly later).
     */
    public static List<Diagnostic> check(CheckedModel model) {
        Limits limits = new Limits(model, null);
        limits.declarations();
        limits.operators();
        return limits.diagnostics;
    }

    /** The limits of the code and memory of the differentiated model; empty when it fits. */
    public static List<Diagnostic> check(CheckedModel model, LoweredModel lowered, ReverseMode.Result derivative) {
        Limits limits = new Limits(model, lowered);
        limits.computation(derivative);
        return limits.diagnostics;
    }

    // ---- declarations

    private void declarations() {
        if (model.parameters().size() > MAX_PARAMETERS) {
            Declaration first = model.parameters().get(MAX_PARAMETERS);
            error(first.span(), "too many parameters: at most " + MAX_PARAMETERS + " parameter declarations fit in one"
                    + " Java class (its layout table and 64 KB constructor); this is number " + (MAX_PARAMETERS + 1)
                    + ". Combine some into larger tensors");
        }
        long numbers = 0;
        for (Literal literal : literals()) {
            numbers += literal.numbers();
            if (numbers > MAX_LITERAL_NUMBERS) {
                error(literal.span(), "too many literal numbers: at most " + MAX_LITERAL_NUMBERS + " fit in one Java"
                        + " class's constants, and the model has " + numbers + " by here; initialise large parameters"
                        + " randomly (~ xavier) or load them with dev.dslc.runtime.ParameterFile");
                return;
            }
        }
    }

    private record Literal(Span span, int numbers) {
    }

    /** Operators and calls as written, a tenth of which would already be too many operations. */
    private void operators() {
        long limit = 10L * MAX_OPERATIONS;
        long operators = 0;
        for (Written statement : statements()) {
            long[] count = {0};
            forEachPart(statement.value(), part -> count[0] += part instanceof Expr.Binary || part instanceof Expr.Call
                    || part instanceof Expr.Negate || part instanceof Expr.Transpose || part instanceof Expr.Index ? 1 : 0);
            operators += count[0];
            if (operators > limit) {
                error(statement.span(), "too many operations for one Java class: " + operators + " operators and"
                        + " calls by here, and at most " + MAX_OPERATIONS + " operations fit with the derivative;"
                        + " use fewer, larger tensor operations");
                return;
            }
        }
    }

    /** A binding, output or loss statement: where it is and its expression. */
    private record Written(Span span, Expr value) {
    }

    private List<Written> statements() {
        List<Written> statements = new ArrayList<>();
        model.bindings().forEach(binding -> statements.add(new Written(binding.span(), binding.value())));
        statements.add(new Written(model.output().span(), model.output()));
        statements.add(new Written(model.loss().span(), model.loss()));
        statements.sort(Comparator.comparingInt(w -> w.span().start()));
        return statements;
    }

    /** Visits an expression and everything in it, without recursion. */
    private static void forEachPart(Expr root, java.util.function.Consumer<Expr> visitor) {
        List<Expr> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Expr expr = pending.remove(pending.size() - 1);
            visitor.accept(expr);
            if (expr instanceof Expr.Binary binary) {
                pending.add(binary.left());
                pending.add(binary.right());
            } else if (expr instanceof Expr.Call call) {
                pending.addAll(call.arguments());
            } else if (expr instanceof Expr.Negate negate) {
                pending.add(negate.operand());
            } else if (expr instanceof Expr.Transpose transpose) {
                pending.add(transpose.operand());
            } else if (expr instanceof Expr.Index index) {
                pending.add(index.target());
            }
        }
    }

    /** Parameter initialisers and literals in expressions, in source order. */
    private List<Literal> literals() {
        List<Literal> literals = new ArrayList<>();
        for (Declaration parameter : model.parameters()) {
            if (parameter.initializer().orElse(null) instanceof Initializer.Literal literal) {
                literals.add(new Literal(literal.span(), literal.tensor().elements().size()));
            }
        }
        for (Written statement : statements()) {
            forEachPart(statement.value(), part -> {
                if (part instanceof Expr.Literal literal) {
                    literals.add(new Literal(literal.span(), literal.tensor().elements().size()));
                }
            });
        }
        literals.sort(Comparator.comparingInt(l -> l.span().start()));
        return literals;
    }

    // ---- the computation

    /** What the generated code holds for each computed value. */
    private record Cost(long operations, long codeBytes, long doubles) {
        static final Cost NONE = new Cost(0, 0, 0);

        Cost plus(Cost other) {
            return new Cost(operations + other.operations, codeBytes + other.codeBytes, doubles + other.doubles);
        }
    }

    private void computation(ReverseMode.Result derivative) {
        List<Node> backwardRoots = new ArrayList<>(derivative.gradients().values());
        backwardRoots.add(lowered.loss());
        Set<Node> computed = new LinkedHashSet<>();
        long codeBytes = 0;
        for (List<Node> roots : List.of(List.of(lowered.output()), List.of(lowered.loss()), backwardRoots)) {
            for (Node node : Schedule.topological(roots)) {
                if (!node.inputs().isEmpty()) {
                    computed.add(node);
                    codeBytes += codeBytes(node);     // each method has its own code
                }
            }
        }
        Cost total = new Cost(computed.size(), codeBytes, 2L * model.parameterCount()
                + computed.stream().filter(n -> !n.shape().isScalar()).mapToLong(Node::size).sum());
        List<Place> places = places(computed);
        if (total.operations() > MAX_OPERATIONS) {
            error(passed(places, total, Cost::operations, MAX_OPERATIONS), "too many operations for one Java class: the"
                    + " model needs " + total.operations() + " with its derivative, and at most " + MAX_OPERATIONS
                    + " fit (each may need a field, set up in the 64 KB constructor); the limit is passed at this statement");
        }
        if (total.codeBytes() > MAX_CODE_BYTES) {
            error(passed(places, total, Cost::codeBytes, MAX_CODE_BYTES), "the generated class would be too large:"
                    + " about " + megabytes(total.codeBytes()) + " MB of code with the derivative, more than the limit of "
                    + megabytes(MAX_CODE_BYTES) + " MB; the limit is passed at this statement. Use fewer, larger"
                    + " tensor operations");
        }
        if (total.doubles() > MAX_ALLOCATED_DOUBLES) {
            error(passed(places, total, Cost::doubles, MAX_ALLOCATED_DOUBLES), "the generated class would allocate "
                    + gibibytes(total.doubles()) + " GiB of arrays (parameters, gradients and intermediate values),"
                    + " more than the limit of " + gibibytes(MAX_ALLOCATED_DOUBLES) + " GiB; the limit is passed here");
        }
        for (Node node : computed) {
            if (node.size() > MAX_ARRAY_LENGTH) {
                error(places.get(places.size() - 1).span(), "an intermediate value of shape " + node.shape()
                        + " is longer than the longest Java array (" + MAX_ARRAY_LENGTH + " elements)");
                return;
            }
        }
    }

    private static long codeBytes(Node node) {
        boolean searches = node.op() instanceof Extreme || node.op() instanceof ExtremeMask
                || node.op() instanceof LogSumExp;
        long work = work(node);
        boolean unrolled = !searches && node.size() <= MAX_UNROLLED_ELEMENTS && work <= MAX_UNROLLED_WORK;
        return unrolled ? BYTES_PER_UNROLLED_TERM * (work + node.size()) : BYTES_PER_LOOP;
    }

    private static long work(Node node) {
        if (node.op() instanceof MatMul m) {
            return (long) m.rows(node) * m.inner(node) * m.columns(node);
        }
        return node.op() instanceof Sum ? node.input(0).size() : node.size();
    }

    // ---- where a limit is passed

    /** A declaration or statement and the share of the cost made while lowering it. */
    private record Place(Span span, Cost cost) {
    }

    /**
     * Each statement in source order with the cost of the forward values its
     * lowering made. Lowering makes a statement's nodes after the previous
     * statement's, so node ids tell which statement made each; the derivative
     * comes after all of them and is shared out in proportion.
     */
    private List<Place> places(Set<Node> computed) {
        Map<String, Node> valueOf = new HashMap<>();
        lowered.names().forEach((node, name) -> valueOf.putIfAbsent(name, node));
        List<Place> places = new ArrayList<>();
        List<Integer> lastIds = new ArrayList<>();
        int lastId = -1;
        for (Declaration parameter : model.parameters()) {
            places.add(new Place(parameter.span(), new Cost(0, 0, 2L * parameter.shape().size())));
            lastIds.add(lastId);
        }
        for (Statement.Binding binding : model.bindings()) {
            Node value = valueOf.get(binding.name().text());
            lastId = Math.max(lastId, value == null ? -1 : value.id());
            places.add(new Place(binding.span(), Cost.NONE));
            lastIds.add(lastId);
        }
        lastId = Math.max(lastId, lowered.output().id());
        places.add(new Place(model.output().span(), Cost.NONE));
        lastIds.add(lastId);
        lastId = Math.max(lastId, lowered.loss().id());
        places.add(new Place(model.loss().span(), Cost.NONE));
        lastIds.add(lastId);
        for (Node node : computed) {
            int place = firstAtLeast(lastIds, node.id());
            if (place >= 0) {
                Place old = places.get(place);
                places.set(place, new Place(old.span(), old.cost().plus(nodeCost(node))));
            }
        }
        List<Place> ordered = new ArrayList<>(places);
        ordered.sort(Comparator.comparingInt(p -> p.span().start()));
        return ordered;
    }

    private static Cost nodeCost(Node node) {
        return new Cost(1, codeBytes(node), node.shape().isScalar() ? 0 : node.size());
    }

    /** The first index whose value is at least {@code id} in a non-decreasing list, or -1: a binary search. */
    private static int firstAtLeast(List<Integer> lastIds, int id) {
        int low = 0;
        int high = lastIds.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (lastIds.get(middle) >= id) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low < lastIds.size() ? low : -1;
    }

    /** The first place where the running total, scaled up to include the derivative, exceeds the limit. */
    private static Span passed(List<Place> places, Cost total, ToLongFunction<Cost> measure,
            long limit) {
        long attributed = places.stream().mapToLong(p -> measure.applyAsLong(p.cost())).sum();
        double scale = attributed == 0 ? 1.0 : (double) measure.applyAsLong(total) / attributed;
        long running = 0;
        for (Place place : places) {
            running += measure.applyAsLong(place.cost());
            if (running * scale > limit) {
                return place.span();
            }
        }
        return places.get(places.size() - 1).span();
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private static String gibibytes(long doubles) {
        return String.format(java.util.Locale.ROOT, "%.1f", doubles * 8.0 / (1L << 30));
    }

    private void error(Span span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }
}
