package dev.dslc.compiler.syntax;

import dev.dslc.compiler.diagnostic.Diagnostic;
import dev.dslc.compiler.diagnostic.SourceFile;
import dev.dslc.compiler.diagnostic.Span;
import dev.dslc.grammar.NnLexer;
import dev.dslc.grammar.NnParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * The syntax stage: text to {@link Program}. Lexer and parser errors become
 * diagnostics; ANTLR never prints.
 */
public final class Parser {

    /** The program, absent when the text did not parse, and the diagnostics. */
    public record Result(Optional<Program> program, List<Diagnostic> diagnostics) {
    }

    private Parser() {
    }

    public static Result parse(SourceFile source) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        NnLexer lexer = new NnLexer(CharStreams.fromString(source.text(), source.path()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        Optional<Token> tooDeep = Nesting.tooDeep(tokens.getTokens());
        if (tooDeep.isPresent()) {
            // Parsing it would recurse as deeply; say so and stop before the parser does.
            diagnostics.add(Diagnostic.error(span(tooDeep.get()), "nested too deeply: more than " + Nesting.MAX_DEPTH
                    + " levels of brackets, calls, unary minus, powers or transposes"));
            return new Result(Optional.empty(), diagnostics);
        }
        NnParser parser = new NnParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new ErrorCollector(diagnostics));
        NnParser.FileContext tree = parser.file();
        reportBadCharacters(lexer, parser, diagnostics);
        reportUnterminatedComment(tokens, diagnostics);
        if (!diagnostics.isEmpty()) {
            diagnostics.sort((a, b) -> Integer.compare(a.span().start(), b.span().start()));
            return new Result(Optional.empty(), diagnostics);
        }
        // The tree builder's complaints (a ragged literal) leave a complete tree,
        // so checking goes on and reports independent errors too.
        TreeBuilder builder = new TreeBuilder();
        Program program = builder.file(tree);
        return new Result(Optional.of(program), builder.diagnostics());
    }

    /**
     * The grammar turns any character it does not know into a BAD_CHARACTER
     * token, so it is reported once, by name, instead of as a parse error.
     */
    private static void reportBadCharacters(Lexer lexer, NnParser parser, List<Diagnostic> diagnostics) {
        CommonTokenStream tokens = (CommonTokenStream) parser.getTokenStream();
        for (Token token : tokens.getTokens()) {
            if (token.getType() == NnLexer.BAD_CHARACTER) {
                Span span = new Span(token.getStartIndex(), token.getStopIndex() + 1);
                diagnostics.removeIf(d -> d.span().start() == span.start());
                diagnostics.add(Diagnostic.error(span, "unexpected character " + describeCharacter(token.getText())));
            }
        }
    }

    /**
     * A block comment without its closing {@code *\/} lexes as '/' and '*',
     * which no expression can contain side by side; say what it is, and
     * nothing about the text after it, which was meant as comment.
     */
    private static void reportUnterminatedComment(CommonTokenStream tokens, List<Diagnostic> diagnostics) {
        List<Token> list = tokens.getTokens();
        for (int i = 0; i + 1 < list.size(); i++) {
            Token slash = list.get(i);
            Token star = list.get(i + 1);
            if (slash.getText().equals("/") && star.getText().equals("*") && star.getStartIndex() == slash.getStopIndex() + 1) {
                diagnostics.removeIf(d -> d.span().start() >= slash.getStartIndex());
                diagnostics.add(Diagnostic.error(new Span(slash.getStartIndex(), star.getStopIndex() + 1),
                        "unterminated comment: '/*' without '*/'"));
                return;
            }
        }
    }

    private static Span span(Token token) {
        return new Span(token.getStartIndex(), Math.max(token.getStartIndex(), token.getStopIndex() + 1));
    }

    private static String describeCharacter(String text) {
        int codePoint = text.codePointAt(0);
        if (codePoint >= 0x20 && codePoint < 0x7f) {
            return "'" + text + "'";
        }
        return String.format("U+%04X", codePoint);
    }

    /** Turns ANTLR's reports into short messages that say what was expected. */
    private static final class ErrorCollector extends BaseErrorListener {
        private final List<Diagnostic> diagnostics;

        ErrorCollector(List<Diagnostic> diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line,
                int charPositionInLine, String antlrMessage, RecognitionException e) {
            Token token = (Token) offendingSymbol;
            if (token.getType() == NnLexer.BAD_CHARACTER) {
                return; // reported once, by reportBadCharacters
            }
            int start = token.getStartIndex();
            Span span = token.getType() == Token.EOF
                    ? new Span(start, start)
                    : new Span(start, Math.max(start, token.getStopIndex() + 1));
            if (diagnostics.stream().anyMatch(d -> d.span().start() == span.start())) {
                return; // one report per position: recovery can trip twice on one token
            }
            org.antlr.v4.runtime.Parser parser = (org.antlr.v4.runtime.Parser) recognizer;
            String found = token.getType() == Token.EOF ? "end of file" : "'" + token.getText() + "'";
            String message = "unexpected " + found + expected(parser.getExpectedTokens(), parser);
            diagnostics.add(Diagnostic.error(span, message));
        }

        private static String expected(IntervalSet expected, org.antlr.v4.runtime.Parser parser) {
            List<String> names = new ArrayList<>();
            for (int type : expected.toList()) {
                names.add(describeTokenType(type, parser));
            }
            if (names.isEmpty() || names.size() > 4) {
                return "";
            }
            return "; expected " + String.join(" or ", names);
        }

        private static String describeTokenType(int type, org.antlr.v4.runtime.Parser parser) {
            return switch (type) {
                case NnLexer.ID -> "a name";
                case NnLexer.NUMBER -> "a number";
                case Token.EOF -> "end of file";
                default -> parser.getVocabulary().getDisplayName(type);
            };
        }
    }
}
