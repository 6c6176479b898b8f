package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Job;
import io.kpool.protocol.Result;
import io.kpool.protocol.event.WorkerCrashed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that run several jobs at once ({@code --concurrency}): the jobs overlap, a crash blames
 * the job that caused it, a SIGKILL makes every running job a suspect that the next incarnation
 * runs alone (so none but the poison job is convicted), and every job still has one outcome.
 */
@ExtendWith(SharedBroker.class)
class ConcurrencyIT {

    private static final Duration A_WHILE = Duration.ofSeconds(120);
    private static final int JOB_MS = 50;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void jobsRunAtOnceAndThroughAPoisonJobAndAKillEachHasOneOutcome() throws Exception {
        try (TestPool pool = TestPool.start(SharedBroker.bootstrap(), dir, 2,
                List.of("--concurrency", "8", "--handler", "sleep"), List.of("--handler", "sleep"));
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            // 300 jobs of 50 ms, and among them one poison job (double crashes on a negative number)
            Submission submission = pool.submit(submitter, Collections.nCopies(150, JOB_MS));
            submission.expect("poison");
            submitter.submit(new Job("poison", IntNode.valueOf(-1), "double", null));
            pool.submit(submitter, Collections.nCopies(150, JOB_MS), submission);

            // SIGKILL worker 0 while its jobs run
            await().atMost(A_WHILE).pollInSameThread().until(() -> {
                outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
                return submission.results().values().stream().filter(r -> r.workerId() == 0).count() >= 20;
            });
            long killed = pool.signal(0, "KILL");
            TestPool.awaitOutcomes(outcomes, submission, A_WHILE);

            assertThat(submission.resultCount()).isEqualTo(300);
            assertThat(submission.duplicates()).isZero();
            assertThat(submission.deadLetters()).as("only the poison job is convicted").containsOnlyKeys("poison");
            DeadLetter letter = submission.deadLetters().get("poison");
            assertThat(letter.reason()).isEqualTo("crashed_worker");
            assertThat(letter.evidence().crashes()).hasSize(3);
            assertThat(pool.events().of(WorkerCrashed.class)).anySatisfy(c -> {
                assertThat(c.workerId()).isZero();
                assertThat(c.signal()).isEqualTo("KILL");
            });
            // Jobs of one worker process overlapped: one after another, two would end 50 ms apart.
            Map<String, List<Long>> endsByProcess = submission.results().values().stream().collect(
                    Collectors.groupingBy(r -> r.workerId() + "/" + r.incarnation(),
                            Collectors.mapping(Result::completedAt, Collectors.toList())));
            assertThat(endsByProcess.values()).anySatisfy(ends -> {
                List<Long> sorted = ends.stream().sorted().toList();
                long overlapping = 0;
                for (int i = 1; i < sorted.size(); i++) {
                    if (sorted.get(i) - sorted.get(i - 1) < JOB_MS / 2) {
                        overlapping++;
                    }
                }
                assertThat(overlapping).as("jobs of one process that ended within 25 ms of another")
                        .isGreaterThan(sorted.size() / 2);
            });
            assertThat(killed).isPositive();
        }
    }
}
