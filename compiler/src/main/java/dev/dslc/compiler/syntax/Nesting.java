package dev.dslc.compiler.syntax;

import dev.dslc.grammar.NnLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * How deeply the token stream nests, measured before ANTLR's recursive descent
 * sees it. Every level counted here is a level of recursion in the parser and
 * in every stage that walks the syntax tree, so bounding it bounds the stack
 * they need. Brackets, calls, unary minus, {@code ^} (right-associative) and
 * postfix {@code '} and {@code [i]} each open a level; a left-associative
 * chain such as {@code a + b + c} does not, because every stage walks those
 * iteratively. Like clang's bracket depth, the limit is 256.
 */
final class Nesting {
    static final int MAX_DEPTH = 256;

    private static final Set<String> STATEMENT_STARTS = Set.of("model", "input", "target", "param", "const", "output",
            "loss", "=", "~");
    private static final Set<String> BINARY_OPERATORS = Set.of("+", "*", "/", "@", ",", ";");

    private Nesting() {
    }

    /** The first token at which nesting exceeds {@link #MAX_DEPTH}, if any. */
    static Optional<Token> tooDeep(List<Token> tokens) {
        int depth = 0;            // open brackets plus pending unary levels, at every level
        int pending = 0;          // unary levels open at the innermost bracket level
        Deque<Integer> enclosing = new ArrayDeque<>();
        Token previous = null;
        for (Token token : tokens) {
            String text = token.getText();
            if (token.getType() == Token.EOF) {
                break;
            }
            if (text.equals("(") || text.equals("[")) {
                enclosing.push(pending);
                depth++;
                pending = 0;
            } else if (text.equals(")") || text.equals("]")) {
                if (!enclosing.isEmpty()) {
                    depth -= 1 + pending;
                    pending = enclosing.pop();
                }
                // the bracketed operand may be indexed or transposed next
                pending++;
                depth++;
            } else if (text.equals("^") || text.equals("'") || (text.equals("-") && !endsOperand(previous))) {
                pending++;
                depth++;
            } else if (BINARY_OPERATORS.contains(text) || text.equals("-")) {
                depth -= pending;
                pending = 0;
            } else if (token.getType() != NnLexer.ID && STATEMENT_STARTS.contains(text)) {
                // A new statement: whatever a broken one left open is closed.
                depth = 0;
                pending = 0;
                enclosing.clear();
            }
            if (depth > MAX_DEPTH) {
                return Optional.of(token);
            }
            previous = token;
        }
        return Optional.empty();
    }

    private static boolean endsOperand(Token previous) {
        if (previous == null) {
            return false;
        }
        String text = previous.getText();
        return previous.getType() == NnLexer.ID || previous.getType() == NnLexer.NUMBER
                || text.equals(")") || text.equals("]") || text.equals("'");
    }
}
