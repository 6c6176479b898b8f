package io.kpool.cli;

import io.kpool.client.CancelAnswer;
import io.kpool.client.Canceller;
import io.kpool.core.config.Require;
import io.kpool.transport.KafkaSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kpool cancel}: cancels jobs by their id and says what became of each. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel jobs by their id: a job not yet run is never run; a job running is stopped (its "
                + "worker stops and is restarted at once, with nobody blamed); a job waiting for its time (runAt, "
                + "delay) is ended at once. The job's one outcome is then a dead "
                + "letter with reason cancelled.",
                "",
                "For each id it first looks for an outcome written within --dedupe-window (a result, or a dead "
                        + "letter); a job that has one is left alone. For the others it writes {\"cancel\": \"<id>\"} "
                        + "to <prefix>.jobs, keyed by the id, and waits up to --timeout for the answer: the cancelled "
                        + "dead letter, a result (the job finished first), or the dispatcher's refusal of an id it "
                        + "did not accept within its dedupe window.",
                "",
                "A job accepted longer ago than the dispatcher's --dedupe-window (or by a dispatcher with "
                        + "--dedupe-window 0) is unknown to it and cannot be cancelled.",
                "",
                "Exit status: 0 when every job was cancelled; 1 when one was not (already finished, finished "
                        + "first, unknown, or no answer within --timeout), or Kafka cannot be read or written; 2 for a "
                        + "bad flag."},
        footer = {"", "Examples:", "  kpool cancel j1", "  kpool cancel j1 j2 j3 --timeout 1m",
                "", "Answers:",
                "  j1: cancelled (was queued for worker 2)",
                "  j2: cancelled (was running on worker 0)",
                "  j3: already finished (result) — nothing changed",
                "  j4: finished before the cancel took effect (result)",
                "  j5: unknown job (no job with this id was accepted within the dedupe window) — nothing changed",
                "  j6: cancelled (was waiting to run at 2026-12-07T09:00:00Z)"})
final class CancelCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "The ids of the jobs to cancel.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long to wait for the answers once the cancels are written (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--dedupe-window", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "10m",
            description = "The pool's dedupe window: how far back to look for a job's outcome before asking "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration dedupeWindow;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Require.positive("--timeout", timeout);
        Require.notNegative("--dedupe-window", dedupeWindow);
        ids.forEach(id -> Require.notBlank("ID", id));
        KafkaSettings settings = kafka.reachable();
        PrintWriter out = spec.commandLine().getOut();
        List<CancelAnswer> answers = Canceller.cancel(settings, ids, dedupeWindow, timeout);
        answers.forEach(a -> out.println(a.describe()));
        out.flush();
        return answers.stream().allMatch(a -> a.kind() == CancelAnswer.Kind.CANCELLED) ? 0 : Kpool.FAILURE;
    }
}
