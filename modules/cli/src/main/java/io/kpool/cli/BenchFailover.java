package io.kpool.cli;

import io.kpool.bench.Failover;
import io.kpool.core.config.Require;
import io.kpool.transport.KafkaSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kpool bench failover}: how fast a running pool recovers from a worker's SIGKILL, while jobs
 * flow. A benchmark, run against a pool on this host (e.g. {@code kpool up}, with or without
 * {@code --spares}).
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Measure crash recovery on a running pool on this host: while jobs flow, SIGKILL a worker and "
                + "time (1) the kill to the worker_crashed event (the supervisor noticed), (2) to worker_restarted "
                + "(the new process heartbeats) and (3) to the first result from the new process. Rounds are 11 s "
                + "apart, so each is a first crash after a stable run (no backoff)."})
final class BenchFailover implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--worker", paramLabel = "N", defaultValue = "0", description = "The slot to kill (default: ${DEFAULT-VALUE}).")
    int worker;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", description = "Kills (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--rate", paramLabel = "JOBS/S", defaultValue = "1000",
            description = "Jobs submitted per second meanwhile (default: ${DEFAULT-VALUE}).")
    int rate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Require.atLeast("--rounds", rounds, 1);
        Require.atLeast("--rate", rate, 1);
        KafkaSettings settings = kafka.reachable();
        PrintWriter out = spec.commandLine().getOut();
        int[] round = {0};
        Failover.Figures median = Failover.measure(settings, worker, rounds, rate, r -> {
            out.printf("round %d: noticed %d ms, restarted %d ms, first result %d ms%n", ++round[0], r.noticedMs(),
                    r.restartedMs(), r.firstResultMs());
            out.flush();
        });
        out.printf("median of %d: noticed %d ms, restarted %d ms, first result %d ms%n", median.rounds(),
                median.noticedMs(), median.restartedMs(), median.firstResultMs());
        out.flush();
        return 0;
    }
}
