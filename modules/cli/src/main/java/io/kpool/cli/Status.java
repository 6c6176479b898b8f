package io.kpool.cli;

import io.kpool.client.StatusReader;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import io.kpool.transport.KafkaProbe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kpool status}: the workers as their supervisors and heartbeats last described them. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show every worker: alive, pid, incarnation, restarts, jobs processed by the current "
                + "incarnation, jobs in flight (queued or running), age of its last heartbeat.")
final class Status implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--json", description = "Print the rows as a JSON array.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KafkaProbe.requireReachable(kafka.settings(), KafkaProbe.PATIENCE);
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

    static String table(List<WorkerRow> rows) {
        String format = "%-6s %-6s %-11s %-8s %-11s %-8s %-9s %-9s %-10s %s%n";
        StringBuilder text = new StringBuilder(String.format(format, "WORKER", "ALIVE", "STATE", "PID", "INCARNATION",
                "RESTARTS", "PROCESSED", "IN-FLIGHT", "HEARTBEAT", "SUPERVISOR"));
        for (WorkerRow r : rows) {
            text.append(String.format(format, r.workerId(), r.alive() ? "yes" : "no", r.state(),
                    r.pid() == null ? "-" : r.pid(), r.incarnation(), r.restarts(),
                    r.processed() == null ? "-" : r.processed(), r.inFlight() == null ? "-" : r.inFlight(),
                    r.heartbeatAgeMs() == null ? "-" : age(r.heartbeatAgeMs()), r.supervisor()));
        }
        return text.toString();
    }

    private static String age(long ms) {
        return ms < 10_000 ? ms + "ms ago" : ms / 1000 + "s ago";
    }
}
