package dev.dslc.compiler.emit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the floating-point operations a generated method performs, read
 * from its source: each binary {@code + - * /} outside array indices and
 * each call of a {@code Math} or {@code Activations} function is one,
 * {@code +=} and the like are one, and a statement counts once per
 * iteration of the constant-bound loops around it. Calls of the class's
 * own part methods count as their bodies, except a row group's warm-up
 * calls (index -1), which return at once. Negation, comparisons and copies
 * are free.
 *
 * <pre>{@code
 * long flops = EmittedFlops.of(generated.source()).method("backward");
 * }</pre>
 */
final class EmittedFlops {
    private static final Pattern LOOP = Pattern.compile(
            "for \\(int (\\w+) = (\\d+); \\1 < (\\d+); \\1(\\+\\+| \\+= (\\d+))\\) \\{");
    private static final Pattern CALL = Pattern.compile("\\b(\\w+)\\(input(, [^;]*)?\\);");
    private static final Pattern FUNCTION = Pattern.compile("\\b(Math|Activations)\\.\\w+\\(");
    private static final Pattern OPERATOR = Pattern.compile("(?<=[\\w\\])]) ([-+*/]=?) ");

    /** Each member's body lines, by name. */
    private final Map<String, String[]> bodies = new LinkedHashMap<>();
    private final Map<String, Long> counted = new HashMap<>();

    private EmittedFlops(String source) {
        String member = null;
        StringBuilder body = new StringBuilder();
        String signature = null; // a declaration JavaPoet wrapped over several lines, so far
        for (String line : source.split("\n")) {
            if (member == null && signature == null && line.matches("    (public|private) .*\\(.*") && !line.endsWith("{")
                    && !line.endsWith(";")) {
                signature = line;
                continue;
            }
            if (signature != null) {
                line = signature + " " + line.trim();
                signature = line.endsWith("{") ? null : line;
                if (signature != null) {
                    continue;
                }
            }
            if (member == null && line.startsWith("    ") && !line.startsWith("     ") && line.endsWith("{")) {
                Matcher name = Pattern.compile("(\\w+)\\(").matcher(line);
                member = name.find() ? name.group(1) : line.trim();
                body.setLength(0);
            } else if (member != null && line.equals("    }")) {
                bodies.put(member, body.toString().split("\n"));
                member = null;
            } else if (member != null) {
                body.append(line.trim()).append('\n');
            }
        }
    }

    static EmittedFlops of(String source) {
        return new EmittedFlops(source);
    }

    /** The operations of one call of {@code name}, including the part methods it calls. */
    long method(String name) {
        Long known = counted.get(name);
        if (known != null) {
            return known;
        }
        String[] body = bodies.get(name);
        if (body == null) {
            throw new IllegalArgumentException("no method " + name + " in " + bodies.keySet());
        }
        Deque<Long> multipliers = new ArrayDeque<>();
        long multiplier = 1;
        long flops = 0;
        for (String line : body) {
            Matcher loop = LOOP.matcher(line);
            if (loop.matches()) {
                long from = Long.parseLong(loop.group(2));
                long to = Long.parseLong(loop.group(3));
                long step = loop.group(5) == null ? 1 : Long.parseLong(loop.group(5));
                multipliers.push(multiplier);
                multiplier *= Math.max(0, (to - from + step - 1) / step);
            } else if (line.endsWith("{")) {
                if (line.startsWith("for") || line.startsWith("while")) {
                    throw new IllegalStateException("a loop without constant bounds: " + line);
                }
                multipliers.push(multiplier);
            } else if (line.startsWith("}")) {
                multiplier = multipliers.pop();
            } else if (line.endsWith(";")) {
                flops += multiplier * statement(line);
            }
        }
        counted.put(name, flops);
        return flops;
    }

    private long statement(String line) {
        Matcher call = CALL.matcher(line);
        if (call.find() && bodies.containsKey(call.group(1))) {
            // a row group's warm-up call (MethodEmitter.callPerGroup) returns at once
            return line.endsWith(", -1);") ? 0 : method(call.group(1));
        }
        String code = withoutIndices(line);
        long operations = 0;
        for (Matcher m = OPERATOR.matcher(code); m.find(); ) {
            operations++;
        }
        for (Matcher m = FUNCTION.matcher(code); m.find(); ) {
            operations++;
        }
        return operations;
    }

    /** The statement with every {@code [...]} removed, so that index arithmetic is not counted. */
    private static String withoutIndices(String line) {
        StringBuilder kept = new StringBuilder();
        int depth = 0;
        for (char c : line.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
                if (depth == 0) {
                    kept.append("[]");
                }
            } else if (depth == 0) {
                kept.append(c);
            }
        }
        return kept.toString();
    }
}
