package dev.dslc.compiler.cli;

import java.util.List;

/** One thing {@code dslc} does: compiling files today, {@code train} and {@code explain} later. */
interface Command {

    /** Runs with the arguments that follow the command's name. */
    ExitStatus run(List<String> args, Terminal terminal);
}
