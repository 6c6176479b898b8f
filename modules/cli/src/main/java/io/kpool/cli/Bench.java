package io.kpool.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kpool bench}: benchmarks; figures, never pass/fail. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchFailover.class},
        description = "Benchmarks of a pool: figures to read, not tests to pass.")
final class Bench implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
