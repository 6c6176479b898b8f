package io.kpool.cli;

import io.kpool.client.Audit;
import io.kpool.client.AuditReport;
import io.kpool.core.config.Require;
import io.kpool.protocol.Json;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kpool audit}: checks, from the topics alone, that every record on the jobs topic has
 * exactly one outcome (the rules are {@link io.kpool.client.AuditBook}'s). Exit status 0 when
 * nothing is missing or duplicated, 1 otherwise.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Check that every record on <prefix>.jobs has exactly one outcome. Reads <prefix>.jobs, "
                + ".results and .dead-letters from the beginning (read_committed) up to their end offsets when it "
                + "starts, and reports the counts, what is missing and what is duplicated.",
                "",
                "The rules:",
                "  - The first jobs record of an id (a JSON object with a non-blank string \"id\" and a \"payload\") "
                        + "is the accepted job; later records with that id are re-submissions; any other record is "
                        + "malformed.",
                "  - A dead letter whose origin is the jobs topic settles THAT record (by partition and offset), "
                        + "whatever its reason: not_json..., duplicate_id, wrong_payload, too_large...",
                "  - A result, or a dead letter from elsewhere (crashed_worker, from the tasks topic), settles the "
                        + "accepted job with its id.",
                "  - A job record with an \"attempt\" above 1 is kpool's retry of the accepted job with its id "
                        + "(moved off a slot that gave up, or replayed by kpool replay): its outcomes count for that "
                        + "job. A replay names the dead letter it replays (\"replayOf\"): that dead letter no longer "
                        + "counts; the replay's outcome does.",
                "  - An accepted job needs exactly one outcome; a re-submission or a malformed record exactly one "
                        + "dead letter pointing at it. None is missing; more is duplicated (two results for one id "
                        + "included).",
                "  - A record {\"cancel\": \"<job id>\"} is a cancel request, not a job: it needs no outcome of its "
                        + "own. The cancelled job's one outcome is its dead letter with reason cancelled (a job with a "
                        + "result and a cancelled dead letter is duplicated, like any job with two outcomes).",
                "  - Results and dead letters that match no jobs record read are counted as unmatched; they do "
                        + "not fail the audit.",
                "",
                "Exit status: 0 when nothing is missing or duplicated; 1 when something is (or Kafka cannot be "
                        + "read); 2 for a bad flag."},
        footer = {"", "Examples:", "  kpool audit", "  kpool audit --prefix orders --show 50",
                "  kpool audit --json --show 0"})
final class AuditCommand implements Callable<Integer> {

    /** Ids longer than this are shortened in the text report (the JSON has them whole). */
    static final int ID_WIDTH = 60;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--show", paramLabel = "N", defaultValue = "10",
            description = "How many examples of each problem (missing, duplicated, unmatched) to show "
                    + "(default: ${DEFAULT-VALUE}).")
    int show;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Require.atLeast("--show", show, 0);
        KafkaSettings settings = kafka.reachable();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        AuditReport report = Audit.run(settings, show, progress -> {
            err.printf(Locale.ROOT, "  reading: %d%% (%,d records in %d s)%n", progress.percent(), progress.records(),
                    progress.elapsed().toSeconds());
            err.flush();
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        if (json) {
            out.println(Json.text(report));
        } else {
            out.print(text(report, settings.topics(), seconds));
        }
        out.flush();
        return report.passed() ? 0 : Kpool.FAILURE;
    }

    /** The report for a person. */
    static String text(AuditReport r, Topics topics, double seconds) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "audit of %s, %s and %s up to their end offsets (%.2f s)%n",
                topics.jobs(), topics.results(), topics.deadLetters(), seconds));
        line(text, "submitted", r.submitted(), "records on " + topics.jobs());
        line(text, "  accepted", r.accepted(), "distinct jobs (the first record of each id)");
        line(text, "  rejected", r.rejected(), "records dead-lettered by the dispatcher (a dead letter points at them)");
        line(text, "  malformed", r.malformed(), "records that are not a job");
        line(text, "  re-submitted", r.resubmissions(), "records repeating an accepted id");
        if (r.retries() > 0) {
            line(text, "  retried", r.retries(), "records kpool wrote again for an accepted job (moved off a slot "
                    + "that gave up, or replayed)");
        }
        if (r.cancelRequests() > 0) {
            line(text, "  cancels", r.cancelRequests(), "cancel requests (no outcome of their own; a cancelled job's "
                    + "outcome is its cancelled dead letter)");
        }
        line(text, "results", r.results(), "");
        line(text, "dead letters", r.deadLetters(), r.deadLettersByReason().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ")));
        if (r.replayed() > 0) {
            line(text, "  replayed", r.replayed(), "dead letters replayed: the replay's outcome counts instead");
        }
        if (r.unreadable() > 0) {
            line(text, "unreadable", r.unreadable(), "results or dead letters that are not their topic's JSON");
        }
        if (r.waiting() > 0) {
            line(text, "waiting", r.waiting(), "delayed jobs the dispatchers hold, not yet routed: no outcome yet");
        }
        issues(text, "missing", r.missing());
        issues(text, "duplicated", r.duplicated());
        issues(text, "unmatched", r.unmatched());
        if (r.passed()) {
            text.append("OK: every jobs record has exactly one outcome")
                    .append(r.waiting() > 0 ? String.format(Locale.ROOT, ", but the %,d delayed jobs still waiting",
                            r.waiting()) : "").append(System.lineSeparator());
        } else {
            text.append(String.format(Locale.ROOT, "FAILED: %,d missing, %,d duplicated%n", r.missing().count(),
                    r.duplicated().count()));
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String label, long count, String what) {
        text.append(String.format(Locale.ROOT, "%-14s %,9d%s%n", label, count, what.isEmpty() ? "" : "   " + what));
    }

    private static void issues(StringBuilder text, String label, AuditReport.Issues issues) {
        line(text, label, issues.count(), "");
        for (AuditReport.Example e : issues.examples()) {
            String id = e.jobId() == null ? "(no id)" : e.jobId().length() > ID_WIDTH
                    ? e.jobId().substring(0, ID_WIDTH) + "... (" + e.jobId().length() + " chars)" : e.jobId();
            String where = e.topic() == null ? "" : e.partition() == null ? " on " + e.topic()
                    : " at " + e.topic() + " " + e.partition() + ":" + e.offset();
            text.append("    ").append(id).append(where).append(": ").append(e.detail()).append(System.lineSeparator());
        }
        long more = issues.count() - issues.examples().size();
        if (more > 0 && !issues.examples().isEmpty()) {
            text.append(String.format(Locale.ROOT, "    ... and %,d more (--show N for more)%n", more));
        }
    }
}
