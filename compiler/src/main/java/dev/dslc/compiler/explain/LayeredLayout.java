package dev.dslc.compiler.explain;

import dev.dslc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A left-to-right drawing of a DAG in the manner of Sugiyama: each operation
 * one column right of its furthest operand, each leaf (input, parameter) one
 * column left of its first user, then a few sweeps that order every column by
 * the mean row of its neighbours, which undoes most edge crossings.
 *
 * <pre>{@code
 * Map<Node, LayeredLayout.Place> places = LayeredLayout.place(nodes);  // nodes in topological order
 * }</pre>
 */
final class LayeredLayout {
    private static final int SWEEPS = 4;

    /** A node's column (from 0 at the left) and row within it (from 0 at the top; centred columns get halves). */
    record Place(int column, double row) {
    }

    private LayeredLayout() {
    }

    /** Places {@code nodes}, given inputs first; edges are the inputs among them. */
    static Map<Node, Place> place(List<Node> nodes) {
        Map<Node, List<Node>> users = new HashMap<>();
        nodes.forEach(n -> users.put(n, new ArrayList<>()));
        for (Node node : nodes) {
            node.inputs().stream().filter(users::containsKey).distinct().forEach(i -> users.get(i).add(node));
        }
        Map<Node, Integer> columns = columns(nodes, users);
        List<List<Node>> layers = new ArrayList<>();
        for (Node node : nodes) {
            int column = columns.get(node);
            while (layers.size() <= column) {
                layers.add(new ArrayList<>());
            }
            layers.get(column).add(node);
        }
        order(layers, users);
        return places(layers);
    }

    private static Map<Node, Integer> columns(List<Node> nodes, Map<Node, List<Node>> users) {
        Map<Node, Integer> columns = new HashMap<>();
        for (Node node : nodes) {
            int column = node.inputs().stream().filter(columns::containsKey).mapToInt(i -> columns.get(i) + 1)
                    .max().orElse(0);
            columns.put(node, column);
        }
        for (Node node : nodes) {
            if (node.inputs().isEmpty() && !users.get(node).isEmpty()) {
                columns.put(node, users.get(node).stream().mapToInt(columns::get).min().orElseThrow() - 1);
            }
        }
        return columns;
    }

    /** Barycentre sweeps, left to right by operands, then right to left by users. */
    private static void order(List<List<Node>> layers, Map<Node, List<Node>> users) {
        Map<Node, Double> position = new HashMap<>();
        layers.forEach(layer -> number(layer, position));
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (int c = 1; c < layers.size(); c++) {
                sortBy(layers.get(c), n -> mean(n.inputs(), position), position);
            }
            for (int c = layers.size() - 2; c >= 0; c--) {
                sortBy(layers.get(c), n -> mean(users.get(n), position), position);
            }
        }
    }

    private static void sortBy(List<Node> layer, java.util.function.Function<Node, Double> key,
                               Map<Node, Double> position) {
        Map<Node, Double> keys = new HashMap<>();
        for (Node node : layer) {
            Double barycentre = key.apply(node);
            keys.put(node, barycentre == null ? position.get(node) : barycentre);
        }
        // Stable: ties keep their order, so the result is deterministic.
        layer.sort(Comparator.comparing(keys::get));
        number(layer, position);
    }

    private static Double mean(List<Node> neighbours, Map<Node, Double> position) {
        double sum = 0;
        int count = 0;
        for (Node neighbour : neighbours) {
            Double p = position.get(neighbour);
            if (p != null) {
                sum += p;
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    /** Positions centred on 0, so that columns of different heights line up along the middle. */
    private static void number(List<Node> layer, Map<Node, Double> position) {
        for (int i = 0; i < layer.size(); i++) {
            position.put(layer.get(i), i - (layer.size() - 1) / 2.0);
        }
    }

    private static Map<Node, Place> places(List<List<Node>> layers) {
        int tallest = layers.stream().mapToInt(List::size).max().orElse(0);
        Map<Node, Place> places = new HashMap<>();
        for (int c = 0; c < layers.size(); c++) {
            List<Node> layer = layers.get(c);
            for (int r = 0; r < layer.size(); r++) {
                places.put(layer.get(r), new Place(c, r + (tallest - layer.size()) / 2.0));
            }
        }
        return places;
    }
}
