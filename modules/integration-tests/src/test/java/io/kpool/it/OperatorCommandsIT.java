package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.Result;
import io.kpool.protocol.event.WorkerGaveUp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands as processes on a real pool: {@code dead-letters} shows a poison job's
 * evidence, {@code replay} re-submits it once its cause is fixed and the audit still finds exactly
 * one outcome per job, and {@code status --check} tells a well pool from one with a quarantined worker.
 */
@ExtendWith(SharedBroker.class)
class OperatorCommandsIT {

    private static final Duration A_WHILE = Duration.ofSeconds(90);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    /** The crashes that make a job poison (two, to keep the test short). */
    private static final String MAX_ATTEMPTS = "2";
    /** The restarts a slot may have within the window: the poison job's crashes are within it, one more is not. */
    private static final String MAX_RESTARTS = "2";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final long began = System.nanoTime();

    @Test
    void aPoisonJobIsListedWithItsEvidenceReplayedOnceFixedAndAQuarantinedWorkerFailsTheCheck() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2, List.of("--on-limit", "quarantine",
                "--max-restarts", MAX_RESTARTS, "--within", "5m", "--max-attempts", MAX_ATTEMPTS), List.of());
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            note("pool up");
            // Given: a good job, a job that crashes its worker while a file is missing, and garbage
            Path fix = dir.resolve("the-fix.txt");
            Submission submission = pool.submit(submitter, List.of(21));
            String poison = "{\"id\": \"fixable\", \"payload\": \"" + fix + "\", \"handler\": \"" + NeedsFile.NAME + "\"}";
            submitter.send("fixable", poison.getBytes(StandardCharsets.UTF_8));
            submission.expect("fixable");
            submitter.send("garbage", "not json at all".getBytes(StandardCharsets.UTF_8));
            submission.expectRaw("not json at all");
            submitter.flush();
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);
            note("poison job dead-lettered");
            assertThat(submission.resultCount()).isEqualTo(1);
            assertThat(submission.deadLetters().get("fixable").reason()).isEqualTo("crashed_worker");

            // When: the dead letters are listed, as JSON and for a person
            KpoolRun json = KpoolRun.on(pool, "dead-letters", "--json");
            KpoolRun text = KpoolRun.on(pool, "dead-letters", "--reason", "crashed_worker");

            // Then: both, with the evidence
            assertThat(json.status()).as("stderr: %s", json.err()).isZero();
            List<JsonNode> letters = json.jsonLines();
            assertThat(letters).hasSize(2).allSatisfy(l ->
                    assertThat(l.get("topic").asText()).isEqualTo(pool.kafka().topics().deadLetters()));
            JsonNode crashed = letters.stream().filter(l -> l.get("letter").get("reason").asText().equals("crashed_worker"))
                    .findFirst().orElseThrow().get("letter");
            assertThat(crashed.get("jobId").asText()).isEqualTo("fixable");
            assertThat(crashed.get("origin").get("topic").asText()).isEqualTo(pool.kafka().topics().tasks());
            assertThat(crashed.get("raw").asText()).contains(fix.toString());
            int slot = crashed.get("evidence").get("workerId").asInt();
            JsonNode crashes = crashed.get("evidence").get("crashes");
            assertThat(crashes).hasSize(2).allSatisfy(c -> assertThat(c.get("exitCode").asInt()).isEqualTo(1));
            assertThat(crashes.get(1).get("stderrTail").toString()).contains("let it crash: no file at " + fix);
            JsonNode garbage = letters.stream().filter(l -> l.get("letter").get("reason").asText().equals("not_json"))
                    .findFirst().orElseThrow().get("letter");
            assertThat(garbage.get("raw").asText()).isEqualTo("not json at all");
            assertThat(garbage.get("origin").get("topic").asText()).isEqualTo(pool.kafka().topics().jobs());

            assertThat(text.status()).as("stderr: %s", text.err()).isZero();
            assertThat(text.out()).contains("crashed_worker  job fixable", "origin   " + pool.kafka().topics().tasks(),
                    "crashes  worker " + slot + ", 2 crashes:", "| kpool worker: crashed: java.lang.IllegalStateException: "
                            + "let it crash: no file at " + fix, "1 of 2 dead letters on " + pool.kafka().topics().deadLetters())
                    .doesNotContain("not_json");

            // When: the cause is fixed and every dead letter is replayed
            Files.writeString(fix, "fixed");
            KpoolRun replay = KpoolRun.on(pool, "replay", "--all");

            // Then: the poison job is replayed and runs once; the garbage cannot be replayed and says so
            assertThat(replay.status()).as("stderr: %s", replay.err()).isZero();
            assertThat(replay.out()).containsPattern("replayed +\\S+-0@\\d+  crashed_worker  job fixable as attempt 2 to "
                            + pool.kafka().topics().jobs())
                    .containsPattern("not replayable +\\S+  not_json  malformed: cannot be replayed as it is")
                    .contains("replayed 1 of 2 dead letters chosen (1 not replayable)");
            List<Result> fixed = new ArrayList<>();
            await().atMost(A_WHILE).pollInSameThread().until(() -> {
                outcomes.poll(Duration.ofMillis(200), r -> {
                    if (r.jobId().equals("fixable")) {
                        fixed.add(r);
                    }
                }, letter -> { });
                return !fixed.isEmpty();
            });
            note("replay's result in");
            assertThat(fixed.get(0).output().asText()).isEqualTo("fixed");
            assertThat(fixed.get(0).attempt()).isEqualTo(2);

            // And a second replay writes nothing again
            KpoolRun again = KpoolRun.on(pool, "replay", "--id", "fixable");
            assertThat(again.status()).as("stderr: %s", again.err()).isZero();
            assertThat(again.out()).contains("skipped", "already replayed as " + pool.kafka().topics().jobs())
                    .contains("replayed 0 of 1 dead letters chosen (1 already replayed)");

            // And the audit finds exactly one outcome per job: the replay's result in place of its dead letter
            KpoolRun audit = KpoolRun.on(pool, "audit", "--json");
            assertThat(audit.status()).as("stdout: %s\nstderr: %s", audit.out(), audit.err()).isZero();
            JsonNode report = audit.jsonLines().get(0);
            assertThat(report.get("missing").get("count").asLong()).isZero();
            assertThat(report.get("duplicated").get("count").asLong()).isZero();
            assertThat(report.get("replayed").asLong()).isEqualTo(1);
            assertThat(report.get("retries").asLong()).isEqualTo(1);
            assertThat(report.get("results").asLong()).isEqualTo(2);

            // When the pool is well, the check passes
            KpoolRun well = KpoolRun.on(pool, "status", "--check");
            assertThat(well.status()).as("stdout: %s\nstderr: %s", well.out(), well.err()).isZero();
            assertThat(well.out()).startsWith("ok: 2 workers alive");

            // When the poisoned slot crashes once more, past its restart limit, it is quarantined
            pool.signal(slot, "KILL");
            pool.events().await(WorkerGaveUp.class, e -> e.workerId() == slot, A_WHILE);
            note("worker " + slot + " quarantined");
            KpoolRun unwell = kpoolProcess(pool, "check-unwell", "status", "--check");

            // Then the check fails, naming the worker and why, and only it
            assertThat(unwell.status()).as("stdout: %s\nstderr: %s", unwell.out(), unwell.err()).isEqualTo(1);
            assertThat(unwell.out().lines()).singleElement().asString()
                    .startsWith("worker " + slot + ": quarantined (state gave_up, ");
        }
    }

    private void note(String what) {
        System.out.printf("%s after %d ms%n", what, (System.nanoTime() - began) / 1_000_000);
    }

    /** Runs {@code kpool <args>} on the pool's topics as a process of its own. */
    private KpoolRun kpoolProcess(TestPool pool, String name, String... args) throws IOException, InterruptedException {
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of(args));
        command.addAll(List.of("--bootstrap", pool.kafka().bootstrap(), "--prefix", pool.kafka().topics().prefix()));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kpool " + String.join(" ", args) + " did not end within " + COMMAND_TIMEOUT
                    + "; its output is in " + dir);
        }
        return new KpoolRun(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
