package dev.dslc.compiler.explain;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over its DevTools protocol with nothing but the
 * JDK: the browser is started with {@code --remote-debugging-port=0}, prints
 * the port it chose, and the test talks to the page through
 * {@link java.net.http.WebSocket}. Clicks are real mouse events at an
 * element's centre, as a person's would be.
 *
 * <pre>{@code
 * try (Chromium browser = Chromium.start(Chromium.find().orElseThrow(), 1600, 900)) {
 *     browser.open(page.toUri());
 *     browser.click("#forward-step");
 *     String log = (String) browser.evaluate("document.getElementById('log').innerText");
 * }
 * }</pre>
 */
final class Chromium implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger ids = new AtomicInteger();
    private WebSocket socket;

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** Debian's {@code chromium}, or another Chromium-based browser on the PATH. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String folder : path.split(File.pathSeparator)) {
                Path candidate = Path.of(folder, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts a headless browser with a fresh profile and a window of the given size, on a blank page. */
    static Chromium start(Path executable, int width, int height) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("dslc-chromium-");
        Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "about:blank").redirectErrorStream(true).start();
        Chromium browser = new Chromium(process, profile);
        try {
            browser.connect(browser.waitForDevTools(), width, height);
        } catch (IOException | RuntimeException | InterruptedException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    private URI waitForDevTools() throws IOException {
        CompletableFuture<URI> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        address.complete(URI.create(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
            address.completeExceptionally(new IOException("Chromium exited: " + String.join("\n", output)));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return address.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("Chromium did not start its DevTools server: " + e.getMessage(), e);
        }
    }

    /** Attaches to the blank page the browser opened. */
    private void connect(URI browserAddress, int width, int height) throws IOException, InterruptedException {
        URI list = URI.create("http://" + browserAddress.getAuthority() + "/json/list");
        String targets = http.send(HttpRequest.newBuilder(list).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        @SuppressWarnings("unchecked")
        String page = ((List<Map<String, Object>>) MiniJson.parse(targets)).stream()
                .filter(t -> "page".equals(t.get("type"))).map(t -> (String) t.get("webSocketDebuggerUrl"))
                .findFirst().orElseThrow(() -> new IOException("no page target in " + targets));
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).join();
        for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            send(domain + ".enable", Map.of());
        }
        send("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Loads {@code address} and waits for its load event. */
    void open(URI address) {
        events.clear();
        send("Page.navigate", Map.of("url", address.toString()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (snapshot().stream().noneMatch(e -> "Page.loadEventFired".equals(e.get("method")))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page did not load: " + address);
            }
            sleep();
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value (numbers as Double). */
    Object evaluate(String expression) {
        Map<String, Object> result = send("Runtime.evaluate",
                Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.containsKey("exceptionDetails")) {
            throw new AssertionError("the page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) result.get("result");
        return value.get("value");
    }

    /**
     * Clicks the element {@code selector} with the mouse, as a person would: at
     * the centre of its first box (an inline element may wrap onto several lines).
     */
    void click(String selector) {
        @SuppressWarnings("unchecked")
        List<Double> centre = (List<Double>) evaluate("(() => { const e = document.querySelector("
                + MiniJson.write(selector) + "); e.scrollIntoView({block: 'nearest', inline: 'nearest'});"
                + " const r = e.getClientRects()[0]; return [r.x + r.width / 2, r.y + r.height / 2]; })()");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", centre.get(0), "y", centre.get(1),
                    "button", "left", "clickCount", 1));
        }
    }

    /** A PNG of the viewport. */
    byte[] screenshot() {
        return Base64.getDecoder().decode((String) send("Page.captureScreenshot", Map.of("format", "png")).get("data"));
    }

    /** Console errors, uncaught exceptions and browser log errors since the page was opened. */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (Map<String, Object> event : snapshot()) {
            Object method = event.get("method");
            Map<?, ?> params = (Map<?, ?>) event.get("params");
            if ("Runtime.exceptionThrown".equals(method)) {
                errors.add("exception: " + params.get("exceptionDetails"));
            } else if ("Runtime.consoleAPICalled".equals(method)
                    && List.of("error", "assert", "warning").contains(params.get("type"))) {
                errors.add("console." + params.get("type") + ": " + params.get("args"));
            } else if ("Log.entryAdded".equals(method) && "error".equals(((Map<?, ?>) params.get("entry")).get("level"))) {
                errors.add("log: " + params.get("entry"));
            }
        }
        return errors;
    }

    /** Every URL the page requested since it was opened (the page itself included). */
    List<String> requests() {
        return snapshot().stream().filter(e -> "Network.requestWillBeSent".equals(e.get("method")))
                .map(e -> (String) ((Map<?, ?>) ((Map<?, ?>) e.get("params")).get("request")).get("url")).toList();
    }

    private List<Map<String, Object>> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    private Map<String, Object> send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        socket.sendText(MiniJson.write(message), true).join();
        Map<String, Object> response;
        try {
            response = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer from Chromium to " + method + ": " + e, e);
        }
        if (response.containsKey("error")) {
            throw new AssertionError(method + " failed: " + response.get("error"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) response.get("result");
        return result;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is harmless.
        }
    }

    /** Collects the protocol's messages, which may arrive in several frames each. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                @SuppressWarnings("unchecked")
                Map<String, Object> parsed = (Map<String, Object>) MiniJson.parse(message.toString());
                message.setLength(0);
                Object id = parsed.get("id");
                if (id != null) {
                    CompletableFuture<Map<String, Object>> reply = pending.remove(((Double) id).intValue());
                    if (reply != null) {
                        reply.complete(parsed);
                    }
                } else {
                    events.add(parsed);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
