package io.kpool.cli;

import io.kpool.bench.DelayRun;
import io.kpool.bench.Percentiles;
import io.kpool.core.config.ConfigException;
import io.kpool.core.config.Require;
import io.kpool.transport.KafkaSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool bench delay}: how late a running pool routes delayed jobs, with many waiting at once. */
@Command(name = "delay", mixinStandardHelpOptions = true,
        description = {"Measure how late a running pool routes delayed jobs: submit --jobs jobs at once, their runAt "
                + "spread evenly over --spread starting --lead from now (so that all wait together), then report the "
                + "lateness from each job's runAt to its routing (the task's send) and to its result (p50, p99, p99.9, "
                + "max). Exit 1 if a job was routed early or got no result. Run it on the pool's host: it compares "
                + "clocks."})
final class BenchDelay implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "10000",
            description = "Jobs waiting at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--lead", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "From the start to the first job's time: long enough to submit them all "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration lead;

    @Option(names = "--spread", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "Over how long their times are spread (default: ${DEFAULT-VALUE}).")
    Duration spread;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Require.atLeast("--jobs", jobs, 1);
        if (lead.isNegative() || spread.isNegative()) {
            throw new ConfigException(lead.isNegative() ? "--lead" : "--spread", "cannot be negative");
        }
        KafkaSettings settings = kafka.reachable();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("submitting %d jobs to run from %s to %s from now...%n", jobs, io.kpool.core.config.Durations.format(lead),
                io.kpool.core.config.Durations.format(lead.plus(spread)));
        out.flush();
        DelayRun run = DelayRun.measure(settings, jobs, lead, spread);
        out.printf(Locale.ROOT, "%d jobs submitted in %.2f s%s%n", run.jobs(), run.submitSeconds(),
                run.submitSeconds() * 1000 < lead.toMillis() ? ", all waiting at once" : " (longer than --lead: "
                        + "the first were due before the last were sent)");
        out.printf("  runAt -> routed: %s%n", line(run.routed()));
        out.printf("  runAt -> result: %s%n", line(run.completed()));
        if (run.early() > 0) {
            out.printf("  %d jobs were routed BEFORE their time%n", run.early());
        }
        if (run.missing() > 0) {
            out.printf("  %d jobs got no result%n", run.missing());
        }
        out.flush();
        return run.early() == 0 && run.missing() == 0 ? 0 : 1;
    }

    private static String line(Percentiles p) {
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (%d jobs)", p.p50(),
                p.p99(), p.p999(), p.max(), p.count());
    }
}
