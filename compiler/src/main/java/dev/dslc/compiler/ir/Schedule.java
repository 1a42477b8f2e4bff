package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Orders of the DAG. */
public final class Schedule {

    private Schedule() {
    }

    /**
     * Every node the roots depend on, each after its inputs. Node ids already
     * respect dependencies, so sorting by id is a topological order, and a
     * deterministic one; iteration avoids deep recursion on long chains.
     */
    public static List<Node> topological(Collection<Node> roots) {
        return topological(roots, Node::inputs);
    }

    /** The same, with {@code inputsOf} in place of each node's own inputs, which must have smaller ids. */
    public static List<Node> topological(Collection<Node> roots, Function<Node, List<Node>> inputsOf) {
        BitSet seen = new BitSet();
        List<Node> reachable = new ArrayList<>();
        List<Node> stack = new ArrayList<>(roots);
        while (!stack.isEmpty()) {
            Node node = stack.remove(stack.size() - 1);
            if (!seen.get(node.id())) {
                seen.set(node.id());
                reachable.add(node);
                stack.addAll(inputsOf.apply(node));
            }
        }
        reachable.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return reachable;
    }
}
