package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** Several dispatchers share the jobs; one killed mid-batch loses and doubles nothing. */
@ExtendWith(SharedBroker.class)
class DispatchersIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void twoDispatchersShareTheJobsAndOneKilledMidFlowLosesAndDoublesNothing() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 2);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            pool.startSupervisor("it", List.of("--workers", "2"));
            Process first = pool.startDispatcher(List.of("--id", "one"));
            pool.startDispatcher(List.of("--id", "two"));
            pool.awaitAllAlive();

            Submission submission = pool.submit(submitter, IntStream.range(0, 3000).boxed().toList());
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
                return submission.resultCount() >= 300;
            });
            first.destroyForcibly();
            pool.submit(submitter, IntStream.range(3000, 4000).boxed().toList(), submission);

            TestPool.awaitOutcomes(outcomes, submission, Duration.ofMinutes(2));
            assertThat(submission.resultCount()).isEqualTo(4000);
            assertThat(submission.duplicates()).isZero();
            assertThat(submission.deadLetterCount()).isZero();
        }
    }
}
