package dev.dslc.compiler.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dslc.compiler.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explain page as a person sees it, in headless Chromium: the seed221
 * network stepped through forward and backward with the mouse, checking what
 * the boxes and the log say, and a 784-16-16-10 network staying quick. Where
 * no Chromium is installed these tests are skipped, saying so; on CI
 * ({@code CI=true}) a missing browser fails them instead.
 */
class ExplainPageBrowserTest {
    private static final int WIDTH = 2600;
    private static final int HEIGHT = 860;

    private static Chromium browser;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBrowser() throws IOException, InterruptedException {
        Optional<Path> chromium = Chromium.find();
        if (chromium.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("no Chromium on the PATH, and CI must run the explain page's browser tests: "
                        + ".ci/run installs Debian's chromium package");
            }
            String message = "no Chromium on the PATH: skipping the explain page's browser tests"
                    + " (apt-get install chromium to run them; CI always does)";
            System.err.println(message);
            Assumptions.abort(message);
        }
        browser = Chromium.start(chromium.get(), WIDTH, HEIGHT);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void nothingWentWrongInThePage() {
        assertEquals(List.of(), browser.errors(), "console errors or exceptions in the page");
        for (String url : browser.requests()) {
            assertTrue(url.startsWith("file:") || url.startsWith("data:") || url.startsWith("about:"),
                    "the page must not reach the network, yet it requested " + url);
        }
    }

    @Test
    void seed221_forwardThenBackward_showsTheTutorialsNumbers() throws IOException {
        browser.open(seed221Page().toUri());
        assertEquals("[0.5, 0.3]", boxValue("x"));
        assertEquals("[0.2, 0.5]\n[0.3, 0.4]", boxValue("W1"));
        assertEquals("·", boxValue("z1"), "nothing is computed before the first step");

        browser.click("#forward-step");
        assertEquals("[0.25, 0.27]", boxValue("matmul1"));
        assertEquals("·", boxValue("z1"));
        assertEquals("matmul1 = W1 @ x = [0.2·0.5 + 0.5·0.3, 0.3·0.5 + 0.4·0.3] = [0.25, 0.27]", lastLogLine());

        browser.click("#forward-all");
        assertEquals("[0.35, 0.47]", boxValue("z1"));
        assertEquals("[0.587, 0.615]", boxValue("a1"));
        assertEquals("[0.707]", boxValue("a2"));
        assertEquals("0.00429", boxValue("L"));
        assertEquals("", boxGradient("z2"), "no gradient before the backward pass");
        assertTrue((Boolean) browser.evaluate("document.getElementById('forward-step').disabled"));

        browser.click("#backward-step");
        assertEquals("dL/dL = 1", lastLogLine());
        assertEquals("1", boxGradient("L"));

        browser.click("#backward-all");
        assertEquals("[-0.0192]", boxGradient("z2"));
        assertEquals("[-0.0112, -0.0118]", boxGradient("W2"));
        assertEquals("[-0.00139, -0.000837]\n[-0.00159, -0.000953]", boxGradient("W1"));

        List<String> log = logLines();
        int z1 = indexOf(log, "z1 = matmul1 + b1 = [0.25, 0.27] + [0.1, 0.2] = [0.35, 0.47000000000000003]");
        int a1 = indexOf(log, "a1 = sigmoid(z1) = sigmoid([0.35, 0.47000000000000003]) = ");
        int z2 = indexOf(log, "z2 = matmul2 + b2 = ");
        int a2 = indexOf(log, "a2 = sigmoid(z2) = ");
        int loss = indexOf(log, "L = 0.5 * sum1 = 0.5 * 0.008576700249145698 = 0.004288350124572849");
        int dz2 = indexOf(log, "dL/dz2 = dL/da2 * sigmoid'(z2) = ");
        int dw2 = indexOf(log, "dL/dW2 = dL/dmatmul2 @ a1^T = ");
        int da1 = indexOf(log, "dL/da1 = W2^T @ dL/dmatmul2 = ");
        int dz1 = indexOf(log, "dL/dz1 = dL/da1 * sigmoid'(z1) = ");
        int dw1 = indexOf(log, "dL/dW1 = dL/dmatmul1 @ x^T = ");
        List<Integer> order = List.of(z1, a1, z2, a2, loss, dz2, dw2, da1, dz1, dw1);
        assertEquals(order.stream().sorted().toList(), order, "the tutorial's order: " + log);
        assertTrue(log.get(loss).endsWith(" = 0.004288350124572849"), log.get(loss));
        assertTrue(log.get(dz2).endsWith(" = [-0.019169404003987055]"), log.get(dz2));
        assertTrue(log.get(dw2).endsWith(" = [[-0.011245109366107061, -0.011796539843753721]]"), log.get(dw2));
        assertTrue(log.get(dw1).contains(" = [[-0.001394559160530223, -0.0008367354963181339], ["), log.get(dw1));
        assertTrue(log.contains("dL/db2 = dL/dz2 = [-0.019169404003987055]"), log.toString());
        assertTrue((Boolean) browser.evaluate("document.getElementById('backward-step').disabled"));

        browser.click("[data-node=\"W1\"]");
        String inspector = (String) browser.evaluate("document.getElementById('inspector').innerText");
        assertTrue(inspector.contains("dL/dW1\n[[-0.001394559160530223, -0.0008367354963181339], ["), inspector);

        Path screenshot = screenshotFolder().resolve("explain-seed221.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, browser.screenshot());
        browser.click("#inspector .close");
        assertTrue((Boolean) browser.evaluate("document.getElementById('inspector').hidden"));
    }

    @Test
    void aModelWithGrad_showsItsDerivativeNodes_andRunsBothPasses() throws IOException {
        browser.open(page("decay.html", TestModels.sampleSource("decay.nn"), new double[] {0.5}, new double[0]).toUri());
        browser.click("#run-all");
        List<String> log = logLines();
        int dudt = indexOf(log, "du/dt = sum(du/dmul1 * W1) = sum(");
        int loss = indexOf(log, "L = ");
        int backward = indexOf(log, "dL/d(du/dt) = ");
        int chain = indexOf(log, "du/dadd1 = du/dtanh1 * tanh'(add1) = ");
        assertTrue(chain < dudt && dudt < loss && loss < backward, log.toString());
        assertTrue(!boxValue("du/dt").equals("·") && !boxGradient("du/dt").isEmpty(), "value and gradient shown");
    }

    @Test
    void reset_goesBackToTheGivenValues() throws IOException {
        browser.open(seed221Page().toUri());
        browser.click("#run-all");
        assertEquals("[-0.0192]", boxGradient("z2"));
        browser.click("#reset");
        assertEquals("·", boxValue("a2"));
        assertEquals("", boxGradient("z2"));
        assertEquals(List.of("x = [0.5, 0.3]", "y = 0.8", "W1 = [[0.2, 0.5], [0.3, 0.4]]", "b1 = [0.1, 0.2]",
                "W2 = [[0.6, 0.7]]", "b2 = [0.1]"), logLines());
    }

    @Test
    void mnist784_16_16_10_staysQuick_andBigTensorsExpandOnClick() throws IOException {
        double[] image = new Random(3).doubles(784, 0, 1).toArray();
        double[] label = new double[10];
        label[7] = 1;
        Path page = page("mnist.html", Explanations.MNIST, image, label);
        browser.open(page.toUri());
        double loaded = (Double) browser.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd");
        assertTrue(loaded < 3000, "the page took " + loaded + " ms to load and draw");
        // Timed inside the page, so that only the page's own work counts.
        double runAll = (Double) browser.evaluate("(() => { const t = performance.now();"
                + " document.getElementById('run-all').click(); return performance.now() - t; })()");
        assertTrue(runAll < 1000, "both passes took " + runAll + " ms to show");

        String w1 = boxValue("W1");
        assertTrue(w1.startsWith("min "), "a big tensor shows its range in its box: " + w1);
        String compact = "#log li.step.backward .tensor.compact";
        String summary = (String) browser.evaluate("document.querySelector('" + compact + "').innerText");
        assertTrue(summary.matches("(?s)\\[\\d+(, \\d+)?\\] \\{.*, …\\} min .* · max .* · norm .*"), summary);
        browser.click(compact);
        String expanded = (String) browser.evaluate("document.querySelector('" + compact + " .tensor-full').innerText");
        assertFalse(expanded.isBlank());
    }

    // ---- what the page shows

    private static String boxValue(String node) {
        return (String) browser.evaluate("document.querySelector('[data-node=\"" + node + "\"] .value').innerText");
    }

    private static String boxGradient(String node) {
        return (String) browser.evaluate("document.querySelector('[data-node=\"" + node + "\"] .grad').innerText");
    }

    private static String lastLogLine() {
        List<String> lines = logLines();
        return lines.get(lines.size() - 1);
    }

    @SuppressWarnings("unchecked")
    private static List<String> logLines() {
        return (List<String>) browser.evaluate(
                "[...document.querySelectorAll('#log li:not(.section)')].map(li => li.innerText)");
    }

    private static int indexOf(List<String> log, String prefix) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no log line starts with '" + prefix + "':\n" + String.join("\n", log));
    }

    // ---- pages

    private static Path seed221Page() throws IOException {
        return page("seed221.html", TestModels.sampleSource("seed221.nn"), new double[] {0.5, 0.3}, new double[] {0.8});
    }

    private static Path page(String name, String source, double[] input, double[] target) throws IOException {
        Path page = dir.resolve(name);
        String model = name.replace(".html", ".nn");
        Files.writeString(page, ExplainPage.render(Explanations.explain(model, source, input, target)));
        return page;
    }

    /** target/screenshots, or docs/images with -Ddslc.updateScreenshots=true, to refresh the documentation's. */
    private static Path screenshotFolder() {
        return Boolean.getBoolean("dslc.updateScreenshots") ? TestModels.repositoryRoot().resolve("docs/images")
                : Path.of("target", "screenshots");
    }
}
