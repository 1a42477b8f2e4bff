package dev.dslc.compiler.cli;

import dev.dslc.compiler.explain.DotGraph;
import java.util.List;
import java.util.Set;

/**
 * {@code dslc graph MODEL.nn}: the model's forward and backward graphs in
 * Graphviz DOT, for {@code dot -Tsvg} or any tool that reads DOT.
 */
final class GraphCommand implements Command {

    static final String USAGE = """
            usage: dslc graph MODEL.nn [options]

            Prints the model's forward graph and the backward graph that dslc derives
            from it, in Graphviz DOT. Render it with, for example: dot -Tsvg -o model.svg

            options:
              -o, --output FILE    write to FILE instead of standard output
              -h, --help           print this help and exit
            """;

    @Override
    public ExitStatus run(List<String> args, Terminal terminal) {
        return SubcommandArguments.run("graph", USAGE, Set.of("-o=--output"), Set.of(), args, terminal, given -> {
            given.requireSeparateOutputs(terminal, List.of("--output"), List.of());
            String dot = DotGraph.render(ModelReader.read(given.model(), terminal));
            ModelReader.write(given.value("--output", "-"), dot, terminal);
            return ExitStatus.SUCCESS;
        });
    }
}
