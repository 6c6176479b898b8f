package io.kpool.cli;

import io.kpool.client.StatusReader;
import io.kpool.client.WorkerRow;
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

/** {@code kpool status}: the workers as their supervisors and heartbeats last described them. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show every supervisor and its workers: alive, state, pid, incarnation, restarts (and those "
                + "within the intensity window), jobs processed by the current incarnation, jobs in flight "
                + "(queued or running), age of the last heartbeat.")
final class Status implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--json", description = "Print the rows as a JSON array.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        kafka.reachable();
        List<WorkerRow> rows = StatusReader.read(kafka.settings(), Duration.ofSeconds(30));
        PrintWriter out = spec.commandLine().getOut();
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
                    heard > SILENT_AFTER_MS ? "SILENT for " + age(heard) + " (gone?)" : "heard from " + age(heard) + " ago"));
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

    /** A supervisor republishes its slots at least every second; this much silence means trouble. */
    static final long SILENT_AFTER_MS = 5_000;
}
