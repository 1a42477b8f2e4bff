package dev.dslc.compiler.emit;

import dev.dslc.compiler.ir.Extreme;
import dev.dslc.compiler.ir.ExtremeMask;
import dev.dslc.compiler.ir.Fn;
import dev.dslc.compiler.ir.LogSumExp;
import dev.dslc.compiler.ir.Map1;
import dev.dslc.compiler.ir.Map2;
import dev.dslc.compiler.ir.MatMul;
import dev.dslc.compiler.ir.Node;
import dev.dslc.compiler.ir.Op;
import dev.dslc.compiler.ir.Outer;
import dev.dslc.compiler.ir.Schedule;
import dev.dslc.compiler.ir.Sum;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The code shape of one public method: which nodes it computes and in what
 * order, which are unrolled into straight-line code and which become loops,
 * where each value lives, and how the statements are split into part methods
 * so that none exceeds the JIT's limits.
 *
 * <p>The rules, and the measurements behind them, are in docs/performance.md:
 * unrolled code wins for small operations; beyond a few hundred operations its
 * machine code outgrows the instruction cache, so loops with constant bounds
 * take over. HotSpot does not compile methods over 8,000 bytes of bytecode,
 * and C2 gives up on dependency chains of about 350 statements, so parts stay
 * well under both.
 */
final class MethodPlan {
    /** Largest product (matmul or outer product), in elements, that is unrolled. */
    static final int MAX_UNROLLED_ELEMENTS = 64;
    /**
     * Largest result of any other operation, in elements, that is unrolled:
     * element-wise work on a few dozen values runs as fast as a loop, and a
     * loop is far less code for the JIT to compile in a fresh JVM
     * (docs/performance.md, "Cold start").
     */
    static final int MAX_UNROLLED_ELEMENTWISE = 16;
    /**
     * A part method that holds a loop closes at this many estimated bytes: C1
     * and C2 compile small methods one after another while the rest runs,
     * where one large method waits in the interpreter, and each loop of it
     * costs an on-stack replacement of its own.
     */
    static final int LOOP_PART_BYTES = 800;
    /** Largest work, in multiply-adds, that is written out. */
    static final int MAX_UNROLLED_WORK = 256;
    /**
     * Largest product, in multiply-adds, unrolled element by element; a larger
     * one, up to {@link #MAX_WRITTEN_OUT_SUMS_WORK}, is a loop over its elements
     * that writes each element's sum out ({@link #writesSumsOut}).
     */
    static final int MAX_UNROLLED_PRODUCT_WORK = 64;
    /**
     * Largest product, in multiply-adds, written as a loop over its elements:
     * 64-32-10's 10 x 32 products (320) start faster that way than as the
     * dense-layer loops, with their five loops in one part and an on-stack
     * replacement for each (docs/performance.md, "Cold start").
     */
    static final int MAX_WRITTEN_OUT_SUMS_WORK = 512;
    /** Estimated bytecode per part method; HotSpot's limit is 8,000, and estimates err low. */
    static final int PART_BYTES = 5_000;
    /** Statements per part method; C2 bails out on chains of about 350. */
    static final int PART_STATEMENTS = 200;

    /**
     * One statement group: a node's kernel, or the delivery of a sink. An
     * outer product written out row by row is split into units of at most
     * {@link #ROWS_PER_UNIT} rows, {@code [firstRow, endRow)}, so that parts stay small.
     */
    record Unit(Node compute, Sink sink, int firstRow, int endRow) {
        Unit(Node compute, Sink sink) {
            this(compute, sink, 0, 0);
        }

        boolean rowRange() {
            return endRow > firstRow;
        }
    }

    /** Written-out outer-product rows per unit: each row is a vectorised loop of its own. */
    static final int ROWS_PER_UNIT = 16;

    final List<Unit> units = new ArrayList<>();
    /** Part index of each unit; -1 for the public method itself. */
    final List<Integer> parts = new ArrayList<>();
    int partCount;
    private final Map<Node, Storage> storage = new HashMap<>();
    private final Map<Node, Sink> fused = new HashMap<>();
    private final Map<Node, Boolean> unrolled = new HashMap<>();
    /** Log-sum-exp node to the softmax its kernel writes too. */
    private final Map<Node, Node> softmaxOf = new HashMap<>();
    /** Where each value kept in the work array starts in it. */
    private final Map<Node, Integer> workOffset = new HashMap<>();
    /** Elements of the work array this method uses. */
    int workSize;

    /** Outer products into a gradient are vector loops over any row offset, never written-out rows. */
    private final boolean vectorApi;
    /** Values the shared forward pass has left in the work array before this method's own statements run. */
    private final Kept before;
    /** Values this plan leaves in the work array for the statements that run after it. */
    private final Set<Node> keep;
    /** Whether the class is written compactly ({@link #COMPACT_OPERATIONS}). */
    final boolean compact;

    /**
     * Values one plan leaves in the work array for plans that run after it,
     * with where each starts, and the end of the space it used.
     */
    record Kept(Map<Node, Integer> offsets, int workEnd) {
        static final Kept NONE = new Kept(Map.of(), 0);
    }

    /**
     * Operations (forward and backward) past which a class is written
     * compactly: only single values are unrolled, so that tensors are loops,
     * which share their kernels where they repeat. Below it (every model up to
     * dslc 0.1's ceiling) unrolled small tensors are fastest.
     */
    static final int COMPACT_OPERATIONS = 5_000;

    /**
     * The plan of a method, written compactly or not, that delivers
     * {@code sinks} and leaves {@code keep} in the work array for the methods
     * that run after it, and that itself runs after a plan that kept
     * {@code before} there: its
     * statements read those values where they are, and its own values start
     * past that plan's space.
     */
    MethodPlan(List<Sink> sinks, EmitOptions options, boolean compact, Kept before, Set<Node> keep) {
        this.vectorApi = options.vectorApi();
        this.compact = compact;
        this.before = before;
        this.keep = keep;
        before.offsets().forEach((node, offset) -> {
            storage.put(node, Storage.WORK);
            workOffset.put(node, offset);
        });
        List<Node> roots = new ArrayList<>(sinks.stream().map(Sink::value).toList());
        roots.addAll(keep);
        for (Node node : Schedule.topological(roots, n -> computedBefore(n) ? List.of() : n.inputs())) {
            if (isSoftmax(node) && !roots.contains(node) && !computedBefore(node) && !computedBefore(node.input(0).input(1))) {
                softmaxOf.put(node.input(0).input(1), node);
            }
        }
        List<Node> order = Schedule.topological(roots, this::inputsOf).stream()
                .filter(n -> !n.inputs().isEmpty() && !computedBefore(n)).toList();
        Map<Node, List<Node>> consumers = new HashMap<>();
        for (Node node : order) {
            for (Node input : inputsOf(node)) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        Map<Node, Integer> sinkUses = new HashMap<>();
        sinks.forEach(s -> sinkUses.merge(s.value(), 1, Integer::sum));
        // a kernel that reads a parameter this method steps cannot step one as it goes; a const is never stepped
        Set<Node> stepped = sinks.stream().filter(s -> s.kind() == Sink.Kind.STEP).map(Sink::parameter)
                .collect(Collectors.toSet());
        for (Sink sink : sinks) {
            Node value = sink.value();
            boolean fusable = sink.kind() != Sink.Kind.RETURN && !value.inputs().isEmpty() && !computedBefore(value)
                    && !keep.contains(value) && !consumers.containsKey(value) && sinkUses.get(value) == 1
                    && !(sink.kind() == Sink.Kind.STEP && value.inputs().stream().anyMatch(stepped::contains));
            if (fusable) {
                fused.put(value, sink);
            }
        }
        order.forEach(node -> unrolled.put(node, unrolls(node, compact)));
        for (Node node : order) {
            storage.put(node, initialStorage(node, consumers.getOrDefault(node, List.of())));
        }
        buildUnits(order, sinks);
        descendLast();
        assignParts();
        promoteCrossingLocals(consumers);
        planWork();
    }

    /**
     * Gives every value kept in the work array its elements, from the unit
     * that computes it to the last unit that reads it; values never alive
     * together share elements. A unit's result is placed before its dead
     * operands are given back, so a loop never overwrites what it reads.
     * Tensors of a vector or more start at a multiple of
     * {@link Contractions#VECTOR_DOUBLES}, so that their elements line up with
     * the parameter slices as an array of their own would.
     */
    private void planWork() {
        Map<Node, Integer> lastRead = new HashMap<>();
        for (int u = 0; u < units.size(); u++) {
            for (Node read : reads(units.get(u))) {
                lastRead.put(read, u);
            }
        }
        keep.forEach(node -> lastRead.put(node, Integer.MAX_VALUE));
        WorkSpace space = new WorkSpace(before.workEnd());
        Map<Integer, List<Node>> dying = new HashMap<>();
        for (int u = 0; u < units.size(); u++) {
            Node computed = units.get(u).compute();
            if (computed != null && units.get(u).firstRow() == 0) {
                List<Node> born = softmaxOf.containsKey(computed) ? List.of(computed, softmaxOf.get(computed)) : List.of(computed);
                for (Node node : born) {
                    if (inWork(node)) {
                        workOffset.put(node, space.allocate(node.size(),
                                node.size() < Contractions.VECTOR_DOUBLES ? 1 : Contractions.VECTOR_DOUBLES));
                        dying.computeIfAbsent(Math.max(u, lastRead.getOrDefault(node, u)), k -> new ArrayList<>()).add(node);
                    }
                }
            }
            for (Node dead : dying.getOrDefault(u, List.of())) {
                space.release(workOffset.get(dead), dead.size());
            }
        }
        workSize = space.size();
    }

    /** The values a unit's statements read. */
    private List<Node> reads(Unit unit) {
        return unit.compute() != null ? inputsOf(unit.compute()) : List.of(unit.sink().value());
    }

    private boolean inWork(Node node) {
        return storage(node) == Storage.WORK;
    }

    /** Where a value kept in the work array starts in it. */
    int workOffset(Node node) {
        return workOffset.get(node);
    }

    /**
     * exp(x - lse(x)), softmax as the graph spells it: the log-sum-exp kernel
     * already computes exp(x_i - max), so it writes softmax as well, as
     * exp(x_i - max) / sum, and half the exponentials go.
     */
    private static boolean isSoftmax(Node node) {
        if (!(node.op() instanceof Map1 map && map.fn() == Fn.EXP)) {
            return false;
        }
        Node difference = node.input(0);
        return difference.op() instanceof Map2 sub && sub.kind() == Map2.Kind.SUB
                && difference.input(1).op() instanceof LogSumExp
                && difference.input(1).input(0) == difference.input(0);
    }

    /** True for a value the shared forward pass computed before this method's statements. */
    private boolean computedBefore(Node node) {
        return before.offsets().containsKey(node);
    }

    /** The values this plan leaves in the work array, for the plans that run after it. */
    Kept kept() {
        Map<Node, Integer> offsets = new HashMap<>();
        keep.forEach(node -> offsets.put(node, workOffset.get(node)));
        return new Kept(offsets, workSize);
    }

    /** Every value this plan's statements compute, the softmax its log-sum-exp kernels write included. */
    Set<Node> computed() {
        Set<Node> computed = new java.util.HashSet<>(softmaxOf.values());
        units.stream().map(Unit::compute).filter(java.util.Objects::nonNull).forEach(computed::add);
        return computed;
    }

    /** What a node's kernel reads: a softmax computed with its log-sum-exp reads that and x, not x - lse. */
    private List<Node> inputsOf(Node node) {
        if (computedBefore(node)) {
            return List.of();
        }
        Node lse = softmaxLse(node);
        return lse != null ? List.of(lse.input(0), lse) : node.inputs();
    }

    private Node softmaxLse(Node node) {
        if (!isSoftmax(node)) {
            return null;
        }
        Node lse = node.input(0).input(1);
        return softmaxOf.get(lse) == node ? lse : null;
    }

    /** The softmax a log-sum-exp node's kernel also writes, if any. */
    Node softmaxOf(Node lse) {
        return softmaxOf.get(lse);
    }

    Storage storage(Node node) {
        return node.inputs().isEmpty() ? Storage.LEAF : storage.get(node);
    }

    boolean unrolled(Node node) {
        return unrolled.getOrDefault(node, false);
    }

    /** The sink a node writes straight into, if any. */
    Sink fusedSink(Node node) {
        return fused.get(node);
    }

    /** Whether the emitter writes a node's kernel unrolled, element by element, rather than as a loop. */
    static boolean unrolls(Node node) {
        Op op = node.op();
        if (op instanceof Extreme || op instanceof ExtremeMask || op instanceof LogSumExp) {
            return false; // searches and two-pass reductions read as loops at any size
        }
        boolean product = op instanceof MatMul || op instanceof Outer;
        return node.size() <= (product ? MAX_UNROLLED_ELEMENTS : MAX_UNROLLED_ELEMENTWISE) && work(node) <= MAX_UNROLLED_WORK
                && !writesSumsOut(node);
    }

    /**
     * Whether a matrix product is a loop over its elements whose body is one
     * element's sum written out, with constant offsets from the loop's index:
     * the same arithmetic as unrolled code, in the order of its balanced sums,
     * for a sixteenth of the bytecode at 16 x 16. A fresh JVM compiles it in
     * a fraction of the time (docs/performance.md, "Cold start"), and its
     * loop of a few iterations gets hot without an on-stack replacement.
     */
    static boolean writesSumsOut(Node node) {
        return node.op() instanceof MatMul && node.size() > 1 && node.size() <= MAX_UNROLLED_ELEMENTS
                && work(node) > MAX_UNROLLED_PRODUCT_WORK && work(node) <= MAX_WRITTEN_OUT_SUMS_WORK;
    }

    /** Multiply-adds (or element operations) a node's kernel performs. */
    static long work(Node node) {
        if (node.op() instanceof MatMul m) {
            return (long) m.rows(node) * m.inner(node) * m.columns(node);
        }
        return node.op() instanceof Sum ? node.input(0).size() : node.size();
    }

    private Storage initialStorage(Node node, List<Node> users) {
        if (fused.containsKey(node)) {
            return Storage.SINK;
        }
        if (softmaxLse(node) != null || keep.contains(node)) {
            return Storage.WORK; // written by a loop
        }
        if (node.shape().isScalar()) {
            return Storage.LOCAL;
        }
        boolean readByUnrolledCodeOnly = unrolled(node) && users.stream().allMatch(this::unrolled);
        return readByUnrolledCodeOnly ? Storage.LOCAL : Storage.WORK;
    }

    private void buildUnits(List<Node> order, List<Sink> sinks) {
        for (Node node : order) {
            if (softmaxLse(node) != null) {
                continue; // its log-sum-exp's unit computes it
            }
            if (writesRowsOut(node)) {
                int rows = node.input(0).size();
                for (int first = 0; first < rows; first += ROWS_PER_UNIT) {
                    units.add(new Unit(node, null, first, Math.min(rows, first + ROWS_PER_UNIT)));
                }
                continue;
            }
            units.add(new Unit(node, null));
            for (Sink sink : sinks) {
                if (sink.value() == node && sink.kind() != Sink.Kind.RETURN && !fused.containsKey(node)) {
                    units.add(new Unit(null, sink));
                }
            }
        }
        for (Sink sink : sinks) {
            boolean ready = sink.value().inputs().isEmpty() || computedBefore(sink.value());
            if (sink.kind() != Sink.Kind.RETURN && ready) {
                units.add(new Unit(null, sink));
            }
        }
        sinks.stream().filter(s -> s.kind() == Sink.Kind.RETURN).forEach(s -> units.add(new Unit(null, s)));
    }

    /**
     * In {@code sgdStep}, whose destination is the parameter array itself,
     * every parameter is updated only after everything that reads it has run ({@code dL/dh = W^T dz} needs W before the step):
     * the units that write parameters move to the end, in their own order,
     * before the return. None of them reads a parameter itself: a descent
     * whose kernel would is not fused, and its value is stored first.
     */
    private void descendLast() {
        List<Unit> descents = units.stream().filter(this::descends).toList();
        if (descents.isEmpty()) {
            return;
        }
        units.removeAll(descents);
        int returns = (int) units.stream().filter(u -> u.sink() != null && u.sink().kind() == Sink.Kind.RETURN).count();
        units.addAll(units.size() - returns, descents);
    }

    private boolean descends(Unit unit) {
        Sink sink = unit.compute() != null ? fused.get(unit.compute()) : unit.sink();
        return sink != null && sink.kind() == Sink.Kind.STEP;
    }

    /** A leaf read from the parameter array: a {@code param} or a {@code const}. */
    static boolean isParameter(Node node) {
        return node.op() instanceof Op.Variable variable && variable.kind() == Op.VariableKind.PARAMETER;
    }

    private void assignParts() {
        int part = 0;
        int bytes = 0;
        int statements = 0;
        boolean holdsLoop = false;
        for (Unit unit : units) {
            if (unit.sink() != null && unit.sink().kind() == Sink.Kind.RETURN) {
                parts.add(-1);
                continue;
            }
            int unitBytes = estimatedBytes(unit);
            int unitStatements = estimatedStatements(unit);
            // in a compact class most loops are calls of shared kernels: short parts would only multiply methods
            boolean loop = !compact && isSizedLoop(unit);
            boolean full = bytes + unitBytes > PART_BYTES || statements + unitStatements > PART_STATEMENTS
                    || (bytes + unitBytes > LOOP_PART_BYTES && (holdsLoop || loop));
            if (statements > 0 && full) {
                part++;
                bytes = 0;
                statements = 0;
                holdsLoop = false;
            }
            bytes += unitBytes;
            statements += unitStatements;
            holdsLoop |= loop;
            parts.add(part);
        }
        partCount = units.isEmpty() ? 0 : part + 1;
        if (partCount <= 1) {
            // One part: everything stays in the public method.
            parts.replaceAll(p -> -1);
            partCount = 0;
        }
    }

    /**
     * A unit that is a loop because of its size (written-out gradient rows,
     * or a kernel or delivery too large to unroll); searches and
     * log-sum-exps, loops at any size, are short and do not count.
     */
    private boolean isSizedLoop(Unit unit) {
        if (unit.rowRange()) {
            return true;
        }
        Node node = unit.compute() != null ? unit.compute() : unit.sink().value();
        Op op = node.op();
        if (op instanceof Extreme || op instanceof ExtremeMask || op instanceof LogSumExp) {
            return false;
        }
        return unit.compute() != null ? !unrolled(node) : !copyUnrolled(node);
    }

    private int estimatedStatements(Unit unit) {
        Node node = unit.compute() != null ? unit.compute() : unit.sink().value();
        boolean straight = unit.compute() != null ? unrolled(node) : copyUnrolled(node);
        if (unit.rowRange()) {
            return 2 * (unit.endRow() - unit.firstRow());
        }
        return straight ? Math.max(1, node.size()) : 12;
    }

    private int estimatedBytes(Unit unit) {
        Node node = unit.compute() != null ? unit.compute() : unit.sink().value();
        if (unit.compute() == null) {
            return copyUnrolled(node) ? 12 * node.size() : 60;
        }
        if (unit.rowRange()) {
            return 150 * (unit.endRow() - unit.firstRow());
        }
        return (int) Math.min(Integer.MAX_VALUE, kernelBytes(node, unrolled(node)));
    }

    /** Estimated bytecode of a node's kernel: a few loops whatever its size, or a term per element and product. */
    static long kernelBytes(Node node, boolean unrolled) {
        if (writesSumsOut(node)) {
            return 16 * work(node) / node.size() + 40;
        }
        return unrolled ? 16 * work(node) + 8L * node.size() : 300;
    }

    /** Whether a class computing these roots is written compactly ({@link #COMPACT_OPERATIONS}). */
    static boolean compact(Collection<Node> roots) {
        return Schedule.topological(roots).stream().filter(n -> !n.inputs().isEmpty()).count() > COMPACT_OPERATIONS;
    }

    /** Whether a node's kernel is unrolled in a class written compactly or not. */
    static boolean unrolls(Node node, boolean compact) {
        return unrolls(node) && (!compact || node.size() == 1);
    }

    /** Whether a gradient's outer product is written out row by row (see {@link Contractions#outer}). */
    private boolean writesRowsOut(Node node) {
        Sink sink = fused.get(node);
        return !vectorApi && node.op() instanceof Outer && !unrolled(node) && sink != null && sink.intoParameterSlice()
                && Contractions.writesRowsOut(node.input(0).size(), node.input(1).size(), sink.target(),
                        arrayOffset(node.input(1)));
    }

    /**
     * Where element 0 of a node's value lies in the array generated code reads
     * it from: the variable's offset in the input, target or parameter array,
     * 0 for a work array or a constant; empty for locals.
     */
    java.util.OptionalInt arrayOffset(Node node) {
        if (node.op() instanceof Op.Variable variable) {
            return java.util.OptionalInt.of(variable.offset());
        }
        Storage where = storage(node);
        if (where == Storage.WORK) {
            // Before the work is planned (the code shape is chosen first), any multiple of
            // VECTOR_DOUBLES stands for the offset: alignment is all those choices ask of it.
            return java.util.OptionalInt.of(workOffset.getOrDefault(node, 0));
        }
        return where == Storage.LEAF ? java.util.OptionalInt.of(0) : java.util.OptionalInt.empty();
    }

    /** Whether delivering a stored value to a sink is written element by element. */
    boolean copyUnrolled(Node node) {
        return storage(node) == Storage.LOCAL || node.size() <= MAX_UNROLLED_ELEMENTS;
    }

    /** A local read in another part than the one computing it must live in the work array instead. */
    private void promoteCrossingLocals(Map<Node, List<Node>> consumers) {
        if (partCount == 0) {
            return;
        }
        Map<Node, Integer> partOf = new HashMap<>();
        for (int u = 0; u < units.size(); u++) {
            if (units.get(u).compute() != null) {
                partOf.put(units.get(u).compute(), parts.get(u));
            }
        }
        for (int u = 0; u < units.size(); u++) {
            Unit unit = units.get(u);
            List<Node> reads = unit.compute() != null ? inputsOf(unit.compute()) : List.of(unit.sink().value());
            for (Node read : reads) {
                if (storage(read) == Storage.LOCAL && !partOf.get(read).equals(parts.get(u))) {
                    storage.put(read, Storage.WORK);
                }
            }
        }
    }
}
