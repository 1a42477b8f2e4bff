package dev.dslc.compiler.emit;

import dev.dslc.compiler.autodiff.Derivatives;
import dev.dslc.compiler.autodiff.ReverseMode;
import dev.dslc.compiler.check.CheckedModel;
import dev.dslc.compiler.check.Declaration;
import dev.dslc.compiler.check.Limits;
import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.lower.LoweredModel;
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
 * a javac failure (or minutes of work) afterwards. Which values are unrolled
 * and which become loops is the emitter's own decision
 * ({@link MethodPlan#unrolls}), not a copy of it; the bytes per unrolled term
 * and per loop are measured on its output. The estimates are cheap, linear in
 * the size of the IR, and err on the large side; the reasons for each number
 * are in docs/robustness.md.
 *
 * <pre>{@code
 * List<Diagnostic> problems = ClassLimits.check(checkedModel, lowered, derivative, Derivatives.NONE);
 * }</pre>
 */
public final class ClassLimits {
    /** A call of a shared kernel: the caller's arguments and a few offsets. */
    private static final int BYTES_PER_SHARED_CALL = 20;

    private final CheckedModel model;
    private final LoweredModel lowered;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private ClassLimits(CheckedModel model, LoweredModel lowered) {
        this.model = model;
        this.lowered = lowered;
    }

    /** The limits of the code and memory of the differentiated model; empty when it fits. */
    public static List<Diagnostic> check(CheckedModel model, LoweredModel lowered, ReverseMode.Result derivative,
            Derivatives more) {
        ClassLimits limits = new ClassLimits(model, lowered);
        limits.computation(derivative, more);
        return limits.diagnostics;
    }

    /** What the generated code holds for each computed value. */
    private record Cost(long operations, long codeBytes, long doubles) {
        static final Cost NONE = new Cost(0, 0, 0);

        Cost plus(Cost other) {
            return new Cost(operations + other.operations, codeBytes + other.codeBytes, doubles + other.doubles);
        }
    }

    private void computation(ReverseMode.Result derivative, Derivatives more) {
        List<Node> backwardRoots = new ArrayList<>(derivative.gradients().values());
        backwardRoots.add(lowered.loss());
        List<Node> allRoots = new ArrayList<>(backwardRoots);
        allRoots.add(lowered.output());
        boolean compact = MethodPlan.compact(allRoots);
        Set<Node> computed = new LinkedHashSet<>();
        Set<String> kernels = new java.util.HashSet<>();
        Map<Node, Long> bytes = new HashMap<>();
        long codeBytes = 0;
        List<List<Node>> entryPoints = new ArrayList<>(List.of(List.of(lowered.output()), List.of(lowered.loss()),
                backwardRoots));
        entryPoints.addAll(DerivativeEntryPoint.all(lowered, more, name -> null).stream().map(DerivativeEntryPoint::roots)
                .toList());
        for (List<Node> roots : entryPoints) {
            for (Node node : Schedule.topological(roots)) {
                if (!node.inputs().isEmpty()) {
                    computed.add(node);
                    long cost = codeBytes(node, compact, kernels); // each entry point has its own code, at most
                    bytes.merge(node, cost, Long::sum);
                    codeBytes += cost;
                }
            }
        }
        Cost total = new Cost(computed.size(), codeBytes, 2L * model.parameterCount()
                + computed.stream().filter(n -> !n.shape().isScalar()).mapToLong(Node::size).sum());
        List<Place> places = places(computed, bytes);
        if (total.codeBytes() > Limits.MAX_CODE_BYTES) {
            error(passed(places, total, Cost::codeBytes, Limits.MAX_CODE_BYTES), "the generated class would be too large:"
                    + " about " + megabytes(total.codeBytes()) + " MB of code with the derivative, more than the limit of "
                    + megabytes(Limits.MAX_CODE_BYTES) + " MB; the limit is passed at this statement. Use fewer, larger"
                    + " tensor operations");
        }
        if (total.doubles() > Limits.MAX_ALLOCATED_DOUBLES) {
            error(passed(places, total, Cost::doubles, Limits.MAX_ALLOCATED_DOUBLES), "the generated class would allocate "
                    + gibibytes(total.doubles()) + " GiB of arrays (parameters, gradients and intermediate values),"
                    + " more than the limit of " + gibibytes(Limits.MAX_ALLOCATED_DOUBLES) + " GiB; the limit is passed here");
        }
        for (Node node : computed) {
            if (node.size() > Limits.MAX_ARRAY_LENGTH) {
                error(places.get(places.size() - 1).span(), "an intermediate value of shape " + node.shape()
                        + " is longer than the longest Java array (" + Limits.MAX_ARRAY_LENGTH + " elements)");
                return;
            }
        }
    }

    /**
     * The plan's own estimate of a node's kernel, unrolled or a loop as the
     * plan decides. A loop that repeats one already counted (the same
     * operation, shapes and parameters, as at every step of a recurrence
     * written out) is, in a compact class, a call of the kernel they share.
     */
    private static long codeBytes(Node node, boolean compact, Set<String> kernels) {
        boolean unrolled = MethodPlan.unrolls(node, compact);
        if (compact && !unrolled && !kernels.add(kernelSignature(node))) {
            return BYTES_PER_SHARED_CALL;
        }
        return MethodPlan.kernelBytes(node, unrolled);
    }

    /** What makes two loop kernels the same code apart from where their values lie. */
    private static String kernelSignature(Node node) {
        StringBuilder signature = new StringBuilder(node.op().toString()).append(node.shape());
        for (Node input : node.inputs()) {
            signature.append('|').append(input.inputs().isEmpty() && !BatchPlan.isExampleVariable(input) ? "#" + input.id()
                    : input.shape().toString());
        }
        return signature.toString();
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
    private List<Place> places(Set<Node> computed, Map<Node, Long> bytes) {
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
                places.set(place, new Place(old.span(), old.cost().plus(nodeCost(node, bytes.get(node)))));
            }
        }
        List<Place> ordered = new ArrayList<>(places);
        ordered.sort(Comparator.comparingInt(p -> p.span().start()));
        return ordered;
    }

    private static Cost nodeCost(Node node, long codeBytes) {
        return new Cost(1, codeBytes, node.shape().isScalar() ? 0 : node.size());
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
