package dev.dslc.compiler.explain;

import dev.dslc.compiler.explain.Explanation.Edge;
import dev.dslc.compiler.explain.Explanation.Given;
import dev.dslc.compiler.explain.Explanation.NodeView;
import dev.dslc.compiler.explain.Explanation.Step;
import dev.dslc.compiler.explain.Explanation.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The explain page: one HTML file with its style, script and data inline,
 * so that it opens from disk with no network. The drawing, the animation and
 * the log are the script's ({@code page.js}); this class only hands it the
 * {@link Explanation} as JSON.
 *
 * <pre>{@code
 * Files.writeString(Path.of("seed221.html"), ExplainPage.render(explanation));
 * }</pre>
 */
public final class ExplainPage {

    private ExplainPage() {
    }

    public static String render(Explanation explanation) {
        return resource("page.html")
                .replace("{{TITLE}}", escapeHtml(explanation.title()))
                .replace("/*{{STYLE}}*/", resource("page.css"))
                .replace("/*{{SCRIPT}}*/", resource("page.js"))
                .replace("/*{{DATA}}*/null", data(explanation));
    }

    /** The explanation as the script reads it. */
    static String data(Explanation explanation) {
        Json json = new Json().open('{');
        json.name("title").string(explanation.title());
        json.name("source").string(explanation.sourceFileName());
        json.name("example").string(explanation.example());
        json.name("nodes").open('[');
        explanation.nodes().forEach(node -> node(json, node));
        json.close(']').name("edges").open('[');
        explanation.edges().forEach(edge -> edge(json, edge));
        json.close(']').name("given").open('[');
        explanation.given().forEach(given -> given(json, given));
        json.close(']').name("steps").open('[');
        explanation.steps().forEach(step -> step(json, step));
        json.close(']').name("values").open('{');
        // Sorted, so that the same model and example give the same page byte for byte.
        for (Map.Entry<String, Tensor> value : new TreeMap<>(explanation.values()).entrySet()) {
            json.name(value.getKey());
            tensor(json, value.getValue());
        }
        return json.close('}').close('}').toString();
    }

    private static void node(Json json, NodeView node) {
        json.open('{').name("id").number(node.id()).name("name").string(node.name())
                .name("kind").string(node.kind().name().toLowerCase(Locale.ROOT)).name("op").string(node.op())
                .name("shape").string(node.shape().toString()).name("column").number(node.column())
                .name("row").number(node.row()).name("value").string(node.value())
                .name("gradient").string(node.gradient()).name("output").bool(node.output())
                .name("loss").bool(node.loss()).close('}');
    }

    private static void edge(Json json, Edge edge) {
        json.open('{').name("from").number(edge.from()).name("to").number(edge.to())
                .name("label").string(edge.label()).close('}');
    }

    private static void given(Json json, Given given) {
        json.open('{').name("node").number(given.node()).name("name").string(given.name())
                .name("value").string(given.value()).close('}');
    }

    private static void step(Json json, Step step) {
        json.open('{').name("pass").string(step.pass().name().toLowerCase(Locale.ROOT))
                .name("node").number(step.node()).name("lhs").string(step.lhs())
                .name("symbolic").string(step.symbolic()).name("numeric").open('[');
        for (Part part : step.numeric()) {
            if (part instanceof Part.Text text) {
                json.string(text.text());
            } else {
                Part.Value value = (Part.Value) part;
                json.open('{').name("key").string(value.key()).name("index").number(value.index())
                        .name("parenthesize").bool(value.parenthesize()).close('}');
            }
        }
        json.close(']').name("result").string(step.result()).name("edges").open('[');
        step.edges().forEach(edge -> json.open('[').number(edge.from()).number(edge.to()).close(']'));
        json.close(']').close('}');
    }

    private static void tensor(Json json, Tensor tensor) {
        json.open('{').name("dims").open('[');
        tensor.shape().dimensions().forEach(json::number);
        json.close(']').name("data").open('[');
        for (double x : tensor.data()) {
            json.number(x);
        }
        json.close(']').close('}');
    }

    private static String resource(String name) {
        try (InputStream in = ExplainPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
