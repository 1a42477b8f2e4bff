package dev.dslc.compiler.emit;

import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Outer;
import dev.dslc.compiler.ir.Schedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of {@code backwardBatch}: which values are kept per example of a
 * block, which gradients are summed over the block as outer products, and
 * how the block's statements are split into part methods.
 *
 * <p>Every computed value holds one row of {@value #BLOCK} examples per
 * element ({@code h[k][example]}), so each kernel's innermost loop runs over
 * the examples of a block: element-wise work and matrix products become
 * loops with no reduction chain, over rows that all start at index 0, which
 * C2 vectorises. A weight gradient, the sum over the block of
 * {@code dz x^T}, is accumulated row by row from copies of x laid out one
 * example per row.
 */
final class BatchPlan {
    /** Examples per block; the work arrays hold one block. */
    static final int BLOCK = 32;
    /** Beyond this many doubles of per-example work arrays, backwardBatch calls backward once per example. */
    static final long MAX_WORK_DOUBLES = 4_000_000;
    /**
     * Beyond this many kernels, backwardBatch calls backward once per example
     * too: a block's kernels are a second copy of the backward pass, several
     * times its size, and a model that long (a chain or a recurrence written
     * out step by step) gains little from them, since its work is many small
     * operations rather than a few large products whose weights a block reads
     * once. The class stays one copy of the backward pass.
     */
    static final int MAX_BLOCK_KERNELS = 1_000;
    /**
     * At most this many elements (or terms of a sum) of a kernel are written out in an example loop: scalars
     * only, as in a long chain, where a loop each would cost several times more. A loop per operation lets C2
     * vectorise the arithmetic across the examples, which a shared loop with a tanh or sigmoid call in it does
     * not: in one JMH run, the classes written with 4 here took 47.0 and 106 ns an example at 2-2-1 and 2-4-1,
     * those written with 1 39.1 and 84.2 (docs/performance.md).
     */
    static final int LOOP_ELEMENTS = 1;
    /** Statements of one example loop, at most: its bytecode stays well inside a part method. */
    static final int LOOP_STATEMENTS = 120;
    /** Estimated bytecode of one written-out statement in an example loop. */
    private static final int LOOP_STATEMENT_BYTES = 24;
    /** Estimated bytecode per part method, as in {@link MethodPlan#PART_BYTES}. */
    static final int PART_BYTES = 5_000;
    /** Statements per part method, as in {@link MethodPlan#PART_STATEMENTS}. */
    static final int PART_STATEMENTS = 150;

    /** A node's kernel, or the delivery of a gradient. */
    record Unit(Node compute, Sink sink) {
    }

    final Node loss;
    /** Kernels, inputs first, then the gradients. */
    final List<Unit> units = new ArrayList<>();
    /** Outer products summed straight into their gradient, never stored. */
    final Set<Node> fusedOuters = new LinkedHashSet<>();
    /** Input and target variables the kernels read, copied in once per block. */
    final Set<Node> examples = new LinkedHashSet<>();
    /** Values an outer-product gradient reads one example per row. */
    final Set<Node> byExample = new LinkedHashSet<>();
    /**
     * The example loop each unit belongs to, or -1 for a kernel with loops of
     * its own: runs of small per-example kernels and gradient deliveries
     * share one loop over the examples (see {@link ExampleLoop}).
     */
    final List<Integer> loops = new ArrayList<>();
    /** Values computed in an example loop and read only in it: locals of the loop, never stored in rows. */
    final Set<Node> loopLocals = new java.util.HashSet<>();
    /** Part index of each unit. */
    final List<Integer> parts = new ArrayList<>();
    int partCount;
    /** True when the work arrays would be too big: backwardBatch calls backward once per example instead. */
    final boolean callsBackward;
    private final Map<Node, Boolean> dependsOnExample = new HashMap<>();

    /** Where each per-example value's rows start in the block's table of rows. */
    final Map<Node, Integer> firstRow = new HashMap<>();
    /** Rows of the table: values whose lifetimes do not overlap share rows. */
    int rowCount;

    BatchPlan(List<Sink> sinks) {
        loss = sinks.stream().filter(s -> s.kind() == Sink.Kind.RETURN).findFirst().orElseThrow().value();
        Map<Node, Integer> uses = uses(sinks);
        List<Sink> gradients = new ArrayList<>();
        for (Sink sink : sinks) {
            if (sink.kind() == Sink.Kind.GRADIENT) {
                splitSums(sink, sink.value(), uses, gradients);
            }
        }
        List<Node> roots = new ArrayList<>(gradients.stream().map(Sink::value).toList());
        roots.add(loss);
        List<Node> reachable = Schedule.topological(roots);
        uses = uses(gradients);
        uses.merge(loss, 1, Integer::sum);
        for (Sink sink : gradients) {
            if (summedOuter(sink.value()) && uses.get(sink.value()) == 1) {
                fusedOuters.add(sink.value());
                byExample.add(sink.value().input(1));
            }
        }
        List<Node> computed = new ArrayList<>();
        long work = 0;
        for (Node node : reachable) {
            if (isExampleVariable(node)) {
                examples.add(node);
                work += (long) node.size() * BLOCK;
            } else if (!node.inputs().isEmpty() && !fusedOuters.contains(node)) {
                computed.add(node);
                work += (long) node.size() * BLOCK;
            }
        }
        for (Node node : byExample) {
            work += (long) node.size() * BLOCK;
        }
        callsBackward = work > MAX_WORK_DOUBLES || computed.size() + gradients.size() > MAX_BLOCK_KERNELS;
        if (callsBackward) {
            return;
        }
        schedule(computed, gradients);
        assignLoops();
        assignRows();
        assignParts();
    }

    /** How many nodes and sinks read each node. */
    private static Map<Node, Integer> uses(List<Sink> sinks) {
        Map<Node, Integer> uses = new HashMap<>();
        for (Node node : Schedule.topological(sinks.stream().map(Sink::value).toList())) {
            node.inputs().forEach(input -> uses.merge(input, 1, Integer::sum));
        }
        sinks.forEach(s -> uses.merge(s.value(), 1, Integer::sum));
        return uses;
    }

    /**
     * A gradient that is a sum read by nothing else is delivered term by term
     * (summing over the block is linear), so that a weight gradient with a
     * decay term, {@code dz x^T + 2 * 0.001 * W}, still sums its outer product
     * without storing it.
     */
    private static void splitSums(Sink sink, Node value, Map<Node, Integer> uses, List<Sink> into) {
        // Depth first, left before right, with a stack of its own: a parameter used at every step of a
        // long chain has a gradient that is a sum thousands of terms deep.
        java.util.Deque<Node> pending = new java.util.ArrayDeque<>(List.of(value));
        while (!pending.isEmpty()) {
            Node term = pending.pop();
            boolean split = term.op() instanceof Map2 add && add.kind() == Map2.Kind.ADD && uses.get(term) == 1
                    && term.input(0).shape().equals(term.shape()) && term.input(1).shape().equals(term.shape());
            if (split) {
                pending.push(term.input(1));
                pending.push(term.input(0));
            } else {
                into.add(term == sink.value() ? sink : Sink.gradient(sink.parameter(), term, sink.offsetConstant()));
            }
        }
    }

    /** Each gradient right after the last value it reads, so that values die early and share rows. */
    private void schedule(List<Node> computed, List<Sink> gradients) {
        Map<Node, Integer> position = new HashMap<>();
        for (int i = 0; i < computed.size(); i++) {
            position.put(computed.get(i), i);
        }
        Map<Integer, List<Sink>> after = new HashMap<>();
        for (Sink sink : gradients) {
            int ready = reads(new Unit(null, sink)).stream().mapToInt(n -> position.getOrDefault(n, -1)).max().orElse(-1);
            after.computeIfAbsent(ready, k -> new ArrayList<>()).add(sink);
        }
        after.getOrDefault(-1, List.of()).forEach(sink -> units.add(new Unit(null, sink)));
        for (int i = 0; i < computed.size(); i++) {
            units.add(new Unit(computed.get(i), null));
            after.getOrDefault(i, List.of()).forEach(sink -> units.add(new Unit(null, sink)));
        }
    }

    /** The values a unit reads. */
    private List<Node> reads(Unit unit) {
        if (unit.compute() != null) {
            return unit.compute().inputs();
        }
        Node value = unit.sink().value();
        return fusedOuters.contains(value) ? value.inputs() : List.of(value);
    }

    /**
     * First-fit rows for each value from the unit that computes it to the
     * last unit that reads it (for a shared value read in an example loop,
     * to the end of that loop).
     */
    private void assignRows() {
        Map<Node, Integer> lastUse = new HashMap<>();
        int loopEnd = -1;
        for (int u = 0; u < units.size(); u++) {
            if (loops.get(u) >= 0 && (u == 0 || !loops.get(u).equals(loops.get(u - 1)))) {
                loopEnd = u;
                while (loopEnd + 1 < units.size() && loops.get(loopEnd + 1).equals(loops.get(u))) {
                    loopEnd++;
                }
            }
            for (Node read : reads(units.get(u))) {
                // Every example of a loop reads a shared value, kept in example 0's column, so a later kernel
                // of the same loop must not take its row over; a per-example value's column is its own example's.
                boolean shared = loops.get(u) >= 0 && !perExampleValue(read);
                lastUse.put(read, shared ? loopEnd : u);
            }
        }
        lastUse.put(loss, Integer.MAX_VALUE);
        WorkSpace rows = new WorkSpace(0);
        Map<Integer, List<Node>> dying = new HashMap<>();
        for (Node variable : examples) {
            firstRow.put(variable, rows.allocate(variable.size(), 1));
            dying.computeIfAbsent(lastUse.getOrDefault(variable, -1), k -> new ArrayList<>()).add(variable);
        }
        for (int u = 0; u < units.size(); u++) {
            Node node = units.get(u).compute();
            if (node != null) {
                firstRow.put(node, rows.allocate(node.size(), 1));
                dying.computeIfAbsent(lastUse.getOrDefault(node, u), k -> new ArrayList<>()).add(node);
            }
            for (Node dead : dying.getOrDefault(u, List.of())) {
                rows.release(firstRow.get(dead), dead.size());
            }
        }
        rowCount = rows.size();
    }

    /** An outer product of two per-example vectors: as a gradient, summed over the block without being stored. */
    boolean summedOuter(Node node) {
        return node.op() instanceof Outer && perExampleValue(node.input(0)) && perExampleValue(node.input(1));
    }

    /** A node whose value differs from example to example: it depends on an input or a target. */
    boolean perExampleValue(Node node) {
        if (!dependsOnExample.containsKey(node)) {
            // inputs before their users, without recursion: a long chain is thousands of nodes deep
            for (Node each : Schedule.topological(List.of(node), n -> n.inputs().stream()
                    .filter(input -> !dependsOnExample.containsKey(input)).toList())) {
                dependsOnExample.put(each, isExampleVariable(each) || each.inputs().stream().anyMatch(dependsOnExample::get));
            }
        }
        return dependsOnExample.get(node);
    }

    /**
     * A computed value that no input or target affects (a weight-decay term,
     * a penalty on the parameters): computed once per block, in example 0's
     * column of its rows.
     */
    boolean sharedValue(Node node) {
        return !node.inputs().isEmpty() && !perExampleValue(node);
    }

    static boolean isExampleVariable(Node node) {
        return node.op() instanceof Op.Variable variable
                && (variable.kind() == Op.VariableKind.INPUT || variable.kind() == Op.VariableKind.TARGET);
    }

    /**
     * Groups consecutive small per-example units into example loops, and
     * makes locals of the values such a loop computes that only it reads.
     */
    private void assignLoops() {
        int loop = -1;
        int statements = 0;
        boolean open = false;
        for (Unit unit : units) {
            int size = loopStatements(unit);
            if (size == 0) {
                loops.add(-1);
                open = false;
                continue;
            }
            if (!open || statements + size > LOOP_STATEMENTS) {
                loop++;
                statements = 0;
                open = true;
            }
            statements += size;
            loops.add(loop);
        }
        Map<Node, Integer> definedIn = new HashMap<>();
        Map<Node, Boolean> readElsewhere = new HashMap<>();
        for (int u = 0; u < units.size(); u++) {
            Unit unit = units.get(u);
            int in = loops.get(u);
            if (unit.compute() != null && in >= 0) {
                definedIn.put(unit.compute(), in);
            }
            for (Node read : reads(unit)) {
                Integer defined = definedIn.get(read);
                if (defined == null || defined != in) {
                    readElsewhere.put(read, true);
                }
            }
        }
        for (Node node : definedIn.keySet()) {
            if (!readElsewhere.containsKey(node) && node != loss && !byExample.contains(node)) {
                loopLocals.add(node);
            }
        }
    }

    /** Statements a unit adds to an example loop; 0 if it keeps loops of its own. */
    private int loopStatements(Unit unit) {
        if (unit.sink() != null) {
            Node value = unit.sink().value();
            boolean small = !fusedOuters.contains(value) && perExampleValue(value) && value.size() <= LOOP_ELEMENTS;
            return small ? value.size() : 0;
        }
        Node node = unit.compute();
        Operator operator = Operators.of(node.op());
        if (!perExampleValue(node) || !Kernels.unrollable(operator) || node.size() > LOOP_ELEMENTS) {
            return 0;
        }
        // A product of any size keeps the example loop innermost, which C2 vectorises: written out, its
        // multiply-adds would run one example at a time.
        int terms = operator instanceof Operator.Reduction r ? r.length().applyAsInt(node) * node.size() : node.size();
        return terms > LOOP_ELEMENTS ? 0 : node.size();
    }

    /** Parts in order; an example loop, whose cost its first unit carries, is never split between two. */
    private void assignParts() {
        int[] bytesOf = new int[units.size()];
        int[] statementsOf = new int[units.size()];
        for (int u = 0; u < units.size(); u++) {
            Unit unit = units.get(u);
            int loop = loops.get(u);
            if (loop < 0) {
                bytesOf[u] = unit.compute() != null ? estimatedBytes(unit.compute()) : 300;
                statementsOf[u] = 12;
                continue;
            }
            int first = u;
            while (first > 0 && loops.get(first - 1) == loop) {
                first--;
            }
            bytesOf[first] += LOOP_STATEMENT_BYTES * loopStatements(unit);
            statementsOf[first] += loopStatements(unit);
        }
        int part = 0;
        int bytes = 0;
        int statements = 0;
        for (int u = 0; u < units.size(); u++) {
            boolean startsHere = loops.get(u) < 0 || u == 0 || !loops.get(u).equals(loops.get(u - 1));
            if (startsHere && statements > 0
                    && (bytes + bytesOf[u] > PART_BYTES || statements + statementsOf[u] > PART_STATEMENTS)) {
                part++;
                bytes = 0;
                statements = 0;
            }
            bytes += bytesOf[u];
            statements += statementsOf[u];
            parts.add(part);
        }
        partCount = units.isEmpty() ? 0 : part + 1;
    }

    /** A kernel is a few loops whatever the node's size; products hoist four operands per step. */
    private static int estimatedBytes(Node node) {
        return node.op() instanceof dev.dslc.compiler.ir.MatMul ? 400 : 200;
    }
}
