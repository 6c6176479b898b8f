package io.kpool.cli;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.client.EventFollower;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.StatusReader;
import io.kpool.client.WorkerRow;
import io.kpool.core.config.ConfigException;
import io.kpool.protocol.Job;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.transport.KafkaProbe;
import io.kpool.transport.KafkaSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** One round's figures, milliseconds after the kill. */
    record Round(long noticed, long restarted, long firstResult) {
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rate < 1) {
            throw new ConfigException(rounds < 1 ? "--rounds" : "--rate", "must be at least 1");
        }
        KafkaSettings settings = kafka.settings();
        KafkaProbe.requireReachable(settings, KafkaProbe.PATIENCE);
        PrintWriter out = spec.commandLine().getOut();
        AtomicBoolean flowing = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> feed(settings, flowing), "kpool-bench-feeder");
        feeder.setDaemon(true);
        feeder.start();
        List<Round> measured = new ArrayList<>();
        try (EventFollower events = new EventFollower(settings, false);
             Outcomes outcomes = Outcomes.fromNow(settings)) {
            for (int round = 1; round <= rounds; round++) {
                Thread.sleep(round == 1 ? 2000 : 11_000);
                Round r = measure(settings, events, outcomes);
                measured.add(r);
                out.printf("round %d: noticed %d ms, restarted %d ms, first result %d ms%n", round, r.noticed(),
                        r.restarted(), r.firstResult());
                out.flush();
            }
        } finally {
            flowing.set(false);
        }
        out.printf("median of %d: noticed %d ms, restarted %d ms, first result %d ms%n", measured.size(),
                median(measured.stream().mapToLong(Round::noticed).toArray()),
                median(measured.stream().mapToLong(Round::restarted).toArray()),
                median(measured.stream().mapToLong(Round::firstResult).toArray()));
        out.flush();
        return 0;
    }

    private Round measure(KafkaSettings settings, EventFollower events, Outcomes outcomes) throws Exception {
        WorkerRow row = StatusReader.read(settings, Duration.ofSeconds(30)).stream()
                .filter(r -> r.workerId() == worker && r.alive()).findFirst()
                .orElseThrow(() -> new ConfigException("--worker", worker + " is not alive now"));
        ProcessHandle process = ProcessHandle.of(row.pid()).orElseThrow(
                () -> new ConfigException("--worker", worker + " (pid " + row.pid() + ") does not run on this host"));
        long incarnation = row.incarnation();
        long killedAt = System.currentTimeMillis();
        process.destroyForcibly();
        long[] at = {-1, -1, -1};
        long deadline = System.currentTimeMillis() + 60_000;
        while ((at[0] < 0 || at[1] < 0 || at[2] < 0) && System.currentTimeMillis() < deadline) {
            events.poll(Duration.ofMillis(20), e -> {
                if (e instanceof WorkerCrashed c && c.workerId() == worker && at[0] < 0) {
                    at[0] = c.at();
                } else if (e instanceof WorkerRestarted r && r.workerId() == worker && at[1] < 0) {
                    at[1] = r.at();
                }
            });
            outcomes.poll(Duration.ofMillis(20), result -> {
                if (result.workerId() == worker && result.incarnation() > incarnation && at[2] < 0) {
                    at[2] = result.completedAt();
                }
            }, letter -> { });
        }
        return new Round(at[0] - killedAt, at[1] - killedAt, at[2] - killedAt);
    }

    /** Submits {@code --rate} jobs a second until told to stop. */
    private void feed(KafkaSettings settings, AtomicBoolean flowing) {
        try (JobSubmitter submitter = new JobSubmitter(settings)) {
            long n = 0;
            long start = System.nanoTime();
            while (flowing.get()) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                while (n < due) {
                    submitter.submit(new Job("bench-" + n, IntNode.valueOf((int) (n % 1000))));
                    n++;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
