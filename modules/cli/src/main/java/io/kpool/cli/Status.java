package io.kpool.cli;

import io.kpool.client.PoolHealth;
import io.kpool.client.StatusReader;
import io.kpool.client.WorkerRow;
import io.kpool.core.config.Durations;
import io.kpool.core.config.Require;
import io.kpool.core.config.Slots;
import io.kpool.protocol.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kpool status}: the workers as their supervisors and heartbeats last described them; with
 * {@code --check}, whether each is well, for scripts and probes.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show every supervisor and its workers: alive, state, pid, incarnation, restarts (and those "
                + "within the intensity window), jobs processed by the current incarnation, jobs in flight "
                + "(queued or running), age of the last heartbeat.",
                "",
                "With --check, for scripts and probes: print one line for each worker that is down (takes no jobs), "
                        + "quarantined (gave_up), over its restart limit, silent (its last heartbeat older than "
                        + "--heartbeat-timeout) or, taking jobs by its last state, left by a supervisor gone silent, "
                        + "saying which and why, and exit 1; print one line and exit 0 when every worker is well. No "
                        + "worker known at all is not well.",
                "",
                "Exit status: 0; with --check, 0 when every worker is well and 1 when one is not (or Kafka cannot "
                        + "be read); 2 for a bad flag."},
        footer = {"", "Examples:", "  kpool status", "  kpool status --check || alert \"kpool is not well\"",
                "  kpool status --check --json"})
final class Status implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--json", description = "Print the rows as a JSON array; with --check, the verdict as one JSON "
            + "object: {\"healthy\", \"workers\", \"problems\": [{\"workerId\", \"kinds\", \"detail\"}]}.")
    boolean json;

    @Option(names = "--check", description = "Say whether every worker is well, one line per worker that is not; "
            + "exit 1 when one is not.")
    boolean check;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --check, a worker whose last heartbeat is older than this is silent; give the "
                    + "pool's own (default: ${DEFAULT-VALUE}).")
    Duration heartbeatTimeout;

    /**
     * The verdict of {@code --check}, written as JSON field for field.
     *
     * @param healthy  whether every worker is well (and there is at least one)
     * @param workers  how many workers are known
     * @param problems the workers that are not well, by slot
     */
    record Check(boolean healthy, int workers, List<PoolHealth.Problem> problems) {
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Require.positive("--heartbeat-timeout", heartbeatTimeout);
        kafka.reachable();
        List<WorkerRow> rows = StatusReader.read(kafka.settings(), Duration.ofSeconds(30));
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            List<PoolHealth.Problem> problems = PoolHealth.check(rows, heartbeatTimeout);
            Check verdict = new Check(!rows.isEmpty() && problems.isEmpty(), rows.size(), problems);
            out.print(json ? Json.text(verdict) + System.lineSeparator()
                    : verdict(verdict, kafka.settings().topics().workers(), heartbeatTimeout));
            out.flush();
            return verdict.healthy() ? 0 : Kpool.FAILURE;
        }
        if (json) {
            out.println(Json.text(rows));
        } else if (rows.isEmpty()) {
            out.println("no workers known yet on " + kafka.settings().topics().workers());
        } else {
            out.print(table(rows));
        }
        out.flush();
        return 0;
    }

    /** {@code --check} for a person: a line per worker that is not well, or one line saying all are. */
    static String verdict(Check check, String workersTopic, Duration heartbeatTimeout) {
        if (check.workers() == 0) {
            return "no workers known on " + workersTopic + System.lineSeparator();
        }
        if (check.healthy()) {
            return String.format("ok: %d workers alive, each heard from within the heartbeat timeout of %s%n",
                    check.workers(), Durations.format(heartbeatTimeout));
        }
        StringBuilder text = new StringBuilder();
        check.problems().forEach(p -> text.append(p.line()).append(System.lineSeparator()));
        return text.toString();
    }

    /** Supervisors, each with its workers. */
    static String table(List<WorkerRow> rows) {
        Map<String, List<WorkerRow>> bySupervisor = new TreeMap<>();
        rows.forEach(r -> bySupervisor.computeIfAbsent(r.supervisor() + " on " + r.host() + " (pid "
                + r.supervisorPid() + ")", k -> new ArrayList<>()).add(r));
        String format = "  %-6s %-6s %-11s %-8s %-11s %-12s %-10s %-9s %-9s %s%n";
        StringBuilder text = new StringBuilder();
        bySupervisor.forEach((supervisor, workers) -> {
            long heard = workers.stream().mapToLong(WorkerRow::stateAgeMs).min().orElse(0);
            text.append(String.format("supervisor %s, slots %s, %s%n", supervisor,
                    Slots.format(workers.stream().map(WorkerRow::workerId).toList()),
                    heard > PoolHealth.SUPERVISOR_SILENCE.toMillis() ? "SILENT for " + age(heard) + " (gone?)" : "heard from " + age(heard) + " ago"));
            text.append(String.format(format, "WORKER", "ALIVE", "STATE", "PID", "INCARNATION", "RESTARTS",
                    "OVER-LIMIT", "PROCESSED", "IN-FLIGHT", "HEARTBEAT"));
            for (WorkerRow r : workers) {
                text.append(String.format(format, r.workerId(), r.alive() ? "yes" : "no", r.state(),
                        r.pid() == null ? "-" : r.pid(), r.incarnation(),
                        r.restarts() + (r.recentRestarts() == 0 ? "" : " (" + r.recentRestarts() + " recent)"),
                        r.overLimit() ? "yes" : "no",
                        r.processed() == null ? "-" : r.processed(), r.inFlight() == null ? "-" : r.inFlight(),
                        r.heartbeatAgeMs() == null ? "-" : age(r.heartbeatAgeMs()) + " ago"));
            }
        });
        return text.toString();
    }

    private static String age(long ms) {
        return ms < 10_000 ? ms + "ms" : ms / 1000 + "s";
    }
}
