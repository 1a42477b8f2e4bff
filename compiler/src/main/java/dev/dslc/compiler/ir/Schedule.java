package dev.dslc.compiler.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

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
        BitSet seen = new BitSet();
        List<Node> reachable = new ArrayList<>();
        List<Node> stack = new ArrayList<>(roots);
        while (!stack.isEmpty()) {
            Node node = stack.remove(stack.size() - 1);
            if (!seen.get(node.id())) {
                seen.set(node.id());
                reachable.add(node);
                stack.addAll(node.inputs());
            }
        }
        reachable.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return reachable;
    }
}
