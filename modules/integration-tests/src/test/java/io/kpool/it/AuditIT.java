package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.Json;
import io.kpool.protocol.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code kpool audit}, as a process, on a real pool: every jobs record settled, then a forged result caught. */
@ExtendWith(SharedBroker.class)
class AuditIT {

    private static final Duration AUDIT_TIMEOUT = Duration.ofMinutes(2);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** What one audit process printed, and its exit status. */
    private record Run(int status, String out, String err) {

        /** The JSON report: the line of standard output that is a JSON object. */
        JsonNode json() {
            String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no JSON report in: " + out + "\nstderr: " + err));
            return Json.tree(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aPoolThatSettledEveryJobPassesAndAForgedSecondResultIsCaught() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // Given: five good jobs (job-1..job-5), a poison job (job-6), a malformed record, all settled
            Submission submission = pool.submit(submitter, List.of(1, 2, 3, 4, 5, -1));
            submitter.send("garbage", "hello".getBytes(StandardCharsets.UTF_8));
            submission.expectRaw("hello");
            submitter.flush();
            TestPool.awaitOutcomes(outcomes, submission, Duration.ofMinutes(2));
            assertThat(submission.resultCount()).isEqualTo(5);
            assertThat(submission.deadLetterCount()).isEqualTo(2);

            // When
            Run clean = audit(pool, "clean", "--json");

            // Then
            assertThat(clean.status()).as("exit status; stderr: %s", clean.err()).isZero();
            JsonNode report = clean.json();
            assertThat(report.get("prefix").asText()).isEqualTo(pool.kafka().topics().prefix());
            assertThat(report.get("submitted").asLong()).isEqualTo(7);
            assertThat(report.get("accepted").asLong()).isEqualTo(6);
            assertThat(report.get("rejected").asLong()).isEqualTo(1);
            assertThat(report.get("malformed").asLong()).isEqualTo(1);
            assertThat(report.get("resubmissions").asLong()).isZero();
            assertThat(report.get("results").asLong()).isEqualTo(5);
            assertThat(report.get("deadLetters").asLong()).isEqualTo(2);
            assertThat(report.get("deadLettersByReason").get("crashed_worker").asLong()).isEqualTo(1);
            assertThat(report.get("deadLettersByReason").get("not_json").asLong()).isEqualTo(1);
            assertThat(report.get("deadLettersByReason").size()).isEqualTo(2);
            assertThat(report.get("missing").get("count").asLong()).isZero();
            assertThat(report.get("duplicated").get("count").asLong()).isZero();
            assertThat(report.get("unmatched").get("count").asLong()).isZero();
            assertThat(report.get("passed").asBoolean()).isTrue();

            // Given: a second result for job-1, written by a plain producer
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pool.kafka().producer("audit-it-forger"))) {
                long now = System.currentTimeMillis();
                Result forged = new Result("job-1", Json.tree("2".getBytes(StandardCharsets.UTF_8)), 0, 1, 1, now, now);
                producer.send(new ProducerRecord<>(pool.kafka().topics().results(), "job-1", Json.encode(forged)))
                        .get(30, TimeUnit.SECONDS);
            }

            // When
            Run forged = audit(pool, "forged", "--json");

            // Then
            assertThat(forged.status()).as("exit status; stderr: %s", forged.err()).isEqualTo(1);
            JsonNode caught = forged.json();
            assertThat(caught.get("passed").asBoolean()).isFalse();
            assertThat(caught.get("results").asLong()).isEqualTo(6);
            assertThat(caught.get("missing").get("count").asLong()).isZero();
            assertThat(caught.get("duplicated").get("count").asLong()).isEqualTo(1);
            JsonNode example = caught.get("duplicated").get("examples").get(0);
            assertThat(example.get("jobId").asText()).isEqualTo("job-1");
            assertThat(example.get("topic").asText()).isEqualTo(pool.kafka().topics().jobs());
            assertThat(example.get("detail").asText()).isEqualTo("2 results");

            // And for a person
            Run text = audit(pool, "forged-text", "--show", "3");
            assertThat(text.status()).isEqualTo(1);
            assertThat(text.out()).contains("duplicated             1", "job-1 at " + pool.kafka().topics().jobs(),
                    ": 2 results", "FAILED: 0 missing, 1 duplicated");
            System.out.println(text.out());
        }
    }

    /** Runs {@code kpool audit} on the pool's topics as its own process. */
    private Run audit(TestPool pool, String name, String... args) throws IOException, InterruptedException {
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of("audit", "--bootstrap", pool.kafka().bootstrap(), "--prefix", pool.kafka().topics().prefix()));
        command.addAll(List.of(args));
        Path out = dir.resolve("audit-" + name + ".out");
        Path err = dir.resolve("audit-" + name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(AUDIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kpool audit did not end within " + AUDIT_TIMEOUT + "; its output is in " + dir);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
