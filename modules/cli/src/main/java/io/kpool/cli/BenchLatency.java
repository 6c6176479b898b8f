package io.kpool.cli;

import io.kpool.bench.BenchReport;
import io.kpool.bench.KpoolRuns;
import io.kpool.bench.Percentiles;
import io.kpool.core.config.Require;
import io.kpool.transport.KafkaSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool bench latency}: submit-to-result latency of a running pool at a steady rate, and where it goes. */
@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Measure a running pool's submit-to-result latency at a steady rate (p50, p99, p99.9), split "
                + "into its stages: submit to the dispatcher's send of the task, that send to the worker's result "
                + "(the dispatcher's commit, the worker's fetch, the handler), and the result to this command reading "
                + "it (the worker's commit, the fetch), after a second of jobs at that rate that it does not measure "
                + "(warm-up). Run it on the pool's host: the stages compare clocks."})
final class BenchLatency implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rate", paramLabel = "JOBS/S", defaultValue = "1000",
            description = "Jobs submitted per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
            description = "For how long (default: ${DEFAULT-VALUE}).")
    int seconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Require.atLeast("--rate", rate, 1);
        Require.atLeast("--seconds", seconds, 1);
        KafkaSettings settings = kafka.reachable();
        PrintWriter out = spec.commandLine().getOut();
        BenchReport.Latency latency = KpoolRuns.latency(settings, rate, seconds);
        out.printf("%d jobs at %d jobs/s: %s%n", latency.ms().count(), rate, line(latency.ms()));
        out.printf("  submit -> task sent:      %s%n", line(latency.stages().toDispatch()));
        out.printf("  task sent -> result made: %s%n", line(latency.stages().toResult()));
        out.printf("  result made -> read:      %s%n", line(latency.stages().toReader()));
        out.flush();
        return latency.ms().count() == rate * seconds ? 0 : 1;
    }

    private static String line(Percentiles p) {
        return String.format(java.util.Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms", p.p50(),
                p.p99(), p.p999(), p.max());
    }
}
