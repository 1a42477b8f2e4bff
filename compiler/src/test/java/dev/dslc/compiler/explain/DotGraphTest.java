package dev.dslc.compiler.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dslc.compiler.TestModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code dslc graph}'s DOT: it parses as DOT, and it holds the forward and backward graphs. */
class DotGraphTest {

    @Test
    void seed221_isWellFormedDot_withBothGraphs() {
        Dot dot = Dot.parse(render(TestModels.sampleSource("seed221.nn")));

        assertEquals(Set.of("forward", "backward"), dot.clusters.keySet());
        Set<String> forward = dot.labels(dot.clusters.get("forward"));
        assertTrue(forward.containsAll(Set.of("x\ninput [2]", "W1\nparameter [2, 2]", "matmul1\n@ [2]", "z1\n+ [2]",
                "a1\nsigmoid [2]", "a2 (output)\nsigmoid [1]", "L (loss)\n* scalar")), forward.toString());
        Set<String> backward = dot.labels(dot.clusters.get("backward"));
        assertTrue(backward.containsAll(Set.of("dL/dz2\n* [1]", "dL/dW2\nouter [1, 2]", "dL/dW1\nouter [2, 2]",
                "dL/da1\nᵀ@ [2]")), backward.toString());

        assertTrue(dot.hasEdge("W1\nparameter [2, 2]", "matmul1\n@ [2]", "[2, 2]"));
        assertTrue(dot.hasEdge("x\ninput [2]", "matmul1\n@ [2]", "[2]"));
        assertTrue(dot.hasEdge("z1\n+ [2]", "a1\nsigmoid [2]", "[2]"));
        // The backward graph reads forward values: dW1 = dz1 x^T uses x, dz2 uses a2.
        assertTrue(dot.hasEdge("dL/dz1\n* [2]", "dL/dW1\nouter [2, 2]", "[2]"));
        assertTrue(dot.hasEdge("x\ninput [2]", "dL/dW1\nouter [2, 2]", "[2]"));
        assertTrue(dot.hasEdge("dL/dz2\n* [1]", "dL/dW2\nouter [1, 2]", "[1]"));
    }

    @Test
    void everyEdgeJoinsDeclaredNodes_andGradientsAreMarked() {
        Dot dot = Dot.parse(render(TestModels.sampleSource("xor.nn")));
        for (String[] edge : dot.edges) {
            assertTrue(dot.nodes.containsKey(edge[0]) && dot.nodes.containsKey(edge[1]), String.join(" -> ", edge));
        }
        long gradients = dot.nodes.values().stream().filter(a -> "2".equals(a.get("peripheries"))).count();
        assertEquals(4, gradients, "one marked gradient per parameter");
    }

    @Test
    void aModelWithGrad_isWellFormed_withItsDerivativeNodesNamed() {
        String text = render(TestModels.sampleSource("decay.nn"));
        Dot dot = Dot.parse(text);
        for (String[] edge : dot.edges) {
            assertTrue(dot.nodes.containsKey(edge[0]) && dot.nodes.containsKey(edge[1]), String.join(" -> ", edge));
        }
        assertTrue(dot.nodes.values().stream().anyMatch(a -> a.get("label").startsWith("du/dt")), text);
    }

    @Test
    void quotesAndBackslashesInLabelsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\"", DotGraph.quote("a\"b\\c\nd"));
    }

    private static String render(String source) {
        return DotGraph.render(Explanations.analyze(source));
    }

    /**
     * A strict reader of the DOT subset a graph needs (graph, subgraphs,
     * node, edge and attribute statements, quoted strings, comments), after
     * the grammar at graphviz.org/doc/info/lang.html; it throws on anything
     * else, which is what "well-formed" means here.
     */
    private static final class Dot {
        private static final Pattern TOKEN = Pattern.compile(
                "\\s*(//[^\\n]*|\"(?:[^\"\\\\]|\\\\.)*\"|->|[{}\\[\\];,=]|[A-Za-z_0-9.#]+)");
        private final List<String> tokens = new ArrayList<>();
        private int at;
        final Map<String, Map<String, String>> nodes = new HashMap<>();
        final Map<String, Set<String>> clusters = new HashMap<>();
        final List<String[]> edges = new ArrayList<>();

        static Dot parse(String text) {
            Dot dot = new Dot();
            Matcher matcher = TOKEN.matcher(text);
            int end = 0;
            while (matcher.find() && matcher.start() == end) {
                end = matcher.end();
                if (!matcher.group(1).startsWith("//")) {
                    dot.tokens.add(matcher.group(1));
                }
            }
            assertTrue(text.substring(end).isBlank(), "cannot read DOT from: " + text.substring(end));
            dot.expect("digraph");
            dot.id();
            dot.statements(null);
            assertEquals(dot.tokens.size(), dot.at, "text after the graph");
            return dot;
        }

        private void statements(Set<String> cluster) {
            expect("{");
            while (!peek().equals("}")) {
                statement(cluster);
                if (peek().equals(";")) {
                    at++;
                }
            }
            expect("}");
        }

        private void statement(Set<String> cluster) {
            if (peek().equals("subgraph")) {
                at++;
                String name = id();
                Set<String> members = new HashSet<>();
                clusters.put(name.replaceFirst("^cluster_", ""), members);
                statements(members);
                return;
            }
            if (List.of("graph", "node", "edge").contains(peek())) {
                at++;
                attributes();
                return;
            }
            String first = id();
            if (peek().equals("=")) {
                at++;
                id();
                return;
            }
            List<String> chain = new ArrayList<>(List.of(first));
            while (peek().equals("->")) {
                at++;
                chain.add(id());
            }
            Map<String, String> attributes = peek().equals("[") ? attributes() : Map.of();
            if (chain.size() == 1) {
                nodes.put(first, attributes);
                if (cluster != null) {
                    cluster.add(first);
                }
            }
            for (int i = 1; i < chain.size(); i++) {
                edges.add(new String[] {chain.get(i - 1), chain.get(i), attributes.getOrDefault("label", "")});
            }
        }

        private Map<String, String> attributes() {
            Map<String, String> attributes = new HashMap<>();
            expect("[");
            while (!peek().equals("]")) {
                String name = id();
                expect("=");
                attributes.put(name, id());
                if (peek().equals(",") || peek().equals(";")) {
                    at++;
                }
            }
            expect("]");
            return attributes;
        }

        private String id() {
            String token = tokens.get(at++);
            if (token.startsWith("\"")) {
                return token.substring(1, token.length() - 1).replace("\\n", "\n").replace("\\\"", "\"")
                        .replace("\\\\", "\\");
            }
            assertTrue(token.matches("[A-Za-z_0-9.#]+"), "expected an ID, got " + token);
            return token;
        }

        private void expect(String token) {
            assertEquals(token, tokens.get(at++), "at token " + at);
        }

        private String peek() {
            return tokens.get(at);
        }

        Set<String> labels(Set<String> ids) {
            Set<String> labels = new HashSet<>();
            ids.forEach(id -> labels.add(nodes.get(id).get("label")));
            return labels;
        }

        boolean hasEdge(String fromLabel, String toLabel, String label) {
            return edges.stream().anyMatch(e -> fromLabel.equals(nodes.get(e[0]).get("label"))
                    && toLabel.equals(nodes.get(e[1]).get("label")) && label.equals(e[2]));
        }
    }
}
