package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.event.JobDeadLettered;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher defends where workers don't: bad input goes to the dead letters, and it keeps going. */
@ExtendWith(SharedBroker.class)
class DispatcherDefenceIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyKindOfBadInputIsDeadLetteredWithItsReasonWhileGoodJobsRunOn() {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 1, List.of(),
                List.of("--max-job-bytes", "1000", "--max-id-length", "20"));
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            Map<String, byte[]> bad = new LinkedHashMap<>();
            bad.put("not_json", utf8("hello"));
            bad.put("not_an_object", utf8("[1,2,3]"));
            bad.put("missing_id", utf8("{\"payload\": 1}"));
            bad.put("blank_id", utf8("{\"id\": \" \", \"payload\": 1}"));
            bad.put("id_too_long", utf8("{\"id\": \"" + "x".repeat(21) + "\", \"payload\": 1}"));
            bad.put("missing_payload", utf8("{\"id\": \"no-payload\"}"));
            bad.put("too_large", utf8("{\"id\": \"big\", \"payload\": \"" + "x".repeat(2000) + "\"}"));
            bad.put("null_value", null);
            bad.put("wrong_payload", utf8("{\"id\": \"text\", \"payload\": \"five\"}"));
            bad.put("unknown_handler", utf8("{\"id\": \"other\", \"payload\": 5, \"handler\": \"triple\"}"));
            List<String> reasons = new ArrayList<>(bad.keySet());
            reasons.add("not_json");

            Submission good = pool.submit(submitter, List.of(1));
            // its result first: the duplicate's dead letter carries the same job id, and read before
            // the result it would settle the submission in its place
            TestPool.awaitOutcomes(outcomes, good, Duration.ofSeconds(60));
            // the same id again: turned away, whoever sends it
            submitter.send("job-1", utf8("{\"id\": \"job-1\", \"payload\": 99}"));
            reasons.add("duplicate_id");
            bad.forEach((reason, value) -> submitter.send(reason, value));
            submitter.send("binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
            Submission after = pool.submit(submitter, List.of(2));

            TestPool.awaitOutcomes(outcomes, after, Duration.ofSeconds(60));
            List<DeadLetter> letters = new ArrayList<>();
            try (Outcomes all = Outcomes.fromBeginning(pool.kafka())) {
                await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                    all.poll(Duration.ofMillis(200), r -> { }, letters::add);
                    return letters.size() >= reasons.size();
                });
            }

            assertThat(letters).extracting(DeadLetter::reason).containsExactlyInAnyOrderElementsOf(reasons);
            assertThat(letters).allSatisfy(l -> assertThat(l.detail()).isNotBlank());
            assertThat(letters).filteredOn(l -> l.reason().equals("missing_payload")).singleElement()
                    .satisfies(l -> assertThat(l.jobId()).isEqualTo("no-payload"));
            assertThat(letters).filteredOn(l -> "base64".equals(l.rawEncoding())).singleElement()
                    .satisfies(l -> assertThat(l.raw()).isEqualTo("//4AAQ=="));
            assertThat(good.resultCount() + after.resultCount()).isEqualTo(2);
            assertThat(good.results().get("job-1").output().intValue()).as("the first job-1 ran, the second did not")
                    .isEqualTo(2);
            assertThat(pool.events().of(JobDeadLettered.class)).hasSize(reasons.size());
        }
    }
}
