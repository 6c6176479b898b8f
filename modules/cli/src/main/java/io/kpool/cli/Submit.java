package io.kpool.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kpool.client.JobSubmitter;
import io.kpool.client.JobsRecord;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.core.config.ConfigException;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.MalformedMessageException;
import io.kpool.protocol.Result;
import io.kpool.transport.KafkaSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kpool submit}: send jobs, and with {@code --wait} collect what becomes of them. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Send jobs to the pool. Each PAYLOAD is one job (JSON; a bare word is sent as a string).",
                "With --wait, show progress as results come and a summary at the end; the exit status is 1 "
                        + "if any job got no outcome within --timeout.",
                "With --json, standard output is one JSON object: the summary and, with --wait, every job's "
                        + "outcome; progress goes to standard error."},
        footer = {"", "Examples:", "  kpool submit 5 3 -1 7 --wait", "  kpool submit --count 100000 --wait",
                "  kpool submit 5 --delay 30s --wait     (routed 30 s after it reaches the jobs topic)",
                "  kpool submit 5 --at 2026-12-24T18:00:00Z",
                "  kpool submit 5 -1 --wait --json | jq '.outcomes[] | {jobId, output: .result.output}'",
                "  kpool submit --file jobs.jsonl --wait     (one job per line: {\"id\": \"j1\", \"payload\": 21})"})
final class Submit implements Callable<Integer> {

    /** Up to this many jobs, --wait prints each result. */
    static final int PRINT_EACH_UP_TO = 20;
    /** When nothing at all came back after this long, say what may be missing. */
    static final Duration QUIET_HINT = Duration.ofSeconds(10);

    @Mixin
    KafkaOptions kafka;

    @Parameters(paramLabel = "PAYLOAD", arity = "0..*", description = "Job payloads, e.g. 5 3 -1 7.")
    List<String> payloads = new ArrayList<>();

    @Option(names = "--count", paramLabel = "N", description = "Also send N jobs with payloads 0..N-1.")
    int count;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Also send each non-empty line of FILE as it is (JSON Lines; '-' reads standard input).")
    String file;

    @Option(names = "--delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run the PAYLOAD and --count jobs this long after they reach the jobs topic, e.g. 30s, "
                    + "10m, 2h (each carries \"delay\"; a --file line carries its own). The dispatcher holds them "
                    + "until then, across restarts.")
    Duration delay;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Run the PAYLOAD and --count jobs not before TIME: an instant such as 2026-12-24T18:00:00Z "
                    + "(or with an offset, +01:00) or epoch milliseconds (each carries \"runAt\"). A time past runs "
                    + "at once.")
    String at;

    @Option(names = "--wait", description = "Wait for every job's result or dead letter (--timeout counts from "
            + "the jobs' time to run).")
    boolean await;

    @Option(names = "--json", description = "Print one JSON object on standard output: {\"topic\", \"sent\"} and, "
            + "with --wait, \"results\", \"deadLetters\", \"missing\", \"duplicated\", \"seconds\", "
            + "\"jobsPerSecond\", \"outcomes\": [{\"jobId\", \"result\" | \"deadLetter\"}], \"missingIds\". "
            + "Progress goes to standard error.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5m",
            description = "With --wait, how long to wait for the last outcome (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (count < 0) {
            throw new ConfigException("--count", "cannot be negative, but was " + count);
        }
        if (payloads.isEmpty() && count == 0 && file == null) {
            throw new ConfigException("submit", "needs jobs: PAYLOAD..., --count N or --file FILE");
        }
        Long runAt = at == null ? null : runAt(at);
        if (runAt != null && delay != null) {
            throw new ConfigException("--at", "and --delay cannot be given together: one says when the jobs run");
        }
        if (delay != null && delay.isNegative()) {
            throw new ConfigException("--delay", "cannot be negative, but was " + delay);
        }
        Duration holdFor = delay != null ? delay
                : runAt != null ? Duration.ofMillis(Math.max(0, runAt - System.currentTimeMillis())) : Duration.ZERO;
        KafkaSettings settings = kafka.settings();
        kafka.reachable();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Submission submission = new Submission();
        String run = UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        try (Outcomes outcomes = await ? Outcomes.fromNow(settings) : null;
             JobSubmitter submitter = new JobSubmitter(settings)) {
            int n = 0;
            for (String payload : payloads) {
                submitter.submit(when(job(run + "-" + (++n), parsePayload(payload), submission), runAt));
            }
            for (int i = 0; i < count; i++) {
                submitter.submit(when(job(run + "-" + (++n), JsonNodeFactory.instance.numberNode(i), submission), runAt));
            }
            if (file != null) {
                sendLines(submitter, submission);
            }
            submitter.flush();
            PrintWriter said = json ? err : out;
            said.printf("sent %d jobs to %s%s%n", submission.expected(), settings.topics().jobs(),
                    holdFor.isZero() ? "" : ", to run at " + java.time.Instant.now().plus(holdFor)
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (in "
                            + io.kpool.core.config.Durations.format(holdFor.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                            + ")");
            said.flush();
            if (!await) {
                if (json) {
                    out.println(Json.text(SubmitReport.sent(settings.topics().jobs(), submission.expected())));
                    out.flush();
                }
                return 0;
            }
            return collect(outcomes, submission, started, holdFor, out, err);
        }
    }

    private static Job job(String id, JsonNode payload, Submission submission) {
        submission.expect(id);
        return new Job(id, payload);
    }

    /** The job, carrying --at or --delay. */
    private Job when(Job job, Long runAt) {
        return runAt != null ? job.at(runAt) : delay != null ? job.after(io.kpool.core.config.Durations.format(delay))
                : job;
    }

    /** Reads --at: an ISO-8601 instant (Z or an offset) or epoch milliseconds. */
    static long runAt(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new ConfigException("--at", "is too large a time: '" + text + "'");
            }
        }
        try {
            return java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException("--at", "needs an instant such as 2026-12-24T18:00:00Z (or +01:00 for an "
                    + "offset) or epoch milliseconds, but was '" + text + "'");
        }
    }

    private static JsonNode parsePayload(String text) {
        try {
            return Json.tree(text.getBytes(StandardCharsets.UTF_8));
        } catch (MalformedMessageException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    private void sendLines(JobSubmitter submitter, Submission submission) throws IOException {
        try (BufferedReader lines = "-".equals(file)
                ? new BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String id = JobsRecord.of(line.getBytes(StandardCharsets.UTF_8)).id();
                if (id != null) {
                    submission.expect(id);
                } else {
                    submission.expectRaw(line);
                }
                submitter.send(id, line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("--file", "names no readable file: '" + file + "'");
        }
    }

    /** @param holdFor how long the jobs wait before they run: the timeout and the hints count from then */
    private int collect(Outcomes outcomes, Submission submission, long started, Duration holdFor, PrintWriter out,
                        PrintWriter err) {
        boolean few = submission.expected() <= PRINT_EACH_UP_TO;
        boolean each = !json && few;
        List<SubmitReport.Outcome> came = new ArrayList<>();
        long due = System.nanoTime() + holdFor.toNanos();
        long deadline = due + timeout.toNanos();
        long nextProgress = due + 1_000_000_000L;
        long hintAt = due + QUIET_HINT.toNanos();
        while (!submission.complete() && System.nanoTime() < deadline) {
            if (hintAt != 0 && System.nanoTime() > hintAt) {
                hintAt = 0;
                if (submission.pendingCount() == submission.expected()) {
                    err.printf("no outcome yet after %ds: is a dispatcher running on %s (kpool up, or kpool dispatcher)? "
                            + "Waiting up to %s.%n", QUIET_HINT.toSeconds(), kafka.settings().bootstrap(),
                            io.kpool.core.config.Durations.format(timeout));
                    err.flush();
                }
            }
            outcomes.poll(Duration.ofMillis(100), result -> {
                int before = submission.resultCount();
                submission.accept(result);
                if (submission.resultCount() > before) {
                    if (each) {
                        out.println(describe(result));
                    } else if (json) {
                        came.add(SubmitReport.Outcome.of(result));
                    }
                }
            }, letter -> {
                int before = submission.deadLetterCount();
                submission.accept(letter);
                if (submission.deadLetterCount() > before) {
                    if (each) {
                        out.println(describe(letter));
                    } else if (json) {
                        came.add(SubmitReport.Outcome.of(letter));
                    }
                }
            });
            out.flush();
            if (!few && System.nanoTime() >= nextProgress) {
                err.printf("  %d/%d done (%d results, %d dead letters), %.0f jobs/s%n",
                        submission.expected() - submission.pendingCount(), submission.expected(),
                        submission.resultCount(), submission.deadLetterCount(), rate(submission, started));
                err.flush();
                nextProgress += 1_000_000_000L;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (json) {
            out.println(Json.text(new SubmitReport(kafka.settings().topics().jobs(), submission.expected(),
                    submission.resultCount(), submission.deadLetterCount(), submission.pendingCount(),
                    submission.duplicates(), Math.round(seconds * 1000) / 1000.0,
                    Math.round(rate(submission, started) * 10) / 10.0, came,
                    submission.pendingIds().stream().sorted().toList())));
        } else {
            out.printf("%d results, %d dead letters, %d missing%s in %.2f s (%.0f jobs/s)%n", submission.resultCount(),
                    submission.deadLetterCount(), submission.pendingCount(),
                    submission.duplicates() == 0 ? "" : ", " + submission.duplicates() + " DUPLICATED",
                    seconds, rate(submission, started));
        }
        if (!submission.complete()) {
            List<String> some = submission.pendingIds().stream().limit(10).toList();
            err.printf("%d jobs got no result or dead letter within %s%s%n", submission.pendingCount(),
                    io.kpool.core.config.Durations.format(timeout), some.isEmpty() ? "" : ", e.g. " + some);
            err.flush();
            out.flush();
            return Kpool.FAILURE;
        }
        out.flush();
        return 0;
    }

    private static double rate(Submission submission, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds <= 0 ? 0 : (submission.expected() - submission.pendingCount()) / seconds;
    }

    private static String describe(Result r) {
        return r.jobId() + " -> " + Json.text(r.output()) + "   (worker " + r.workerId() + ", "
                + Math.max(0, r.completedAt() - r.submittedAt()) + " ms)";
    }

    private static String describe(DeadLetter d) {
        return (d.jobId() == null ? "(no id)" : d.jobId()) + " -> dead letter: " + d.reason() + ": " + d.detail();
    }
}
