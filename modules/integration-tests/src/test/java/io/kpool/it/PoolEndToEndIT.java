package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.Result;
import io.kpool.protocol.event.WorkerCrashed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The seed, for real: jobs in, doubled results out, from worker processes on a real broker. */
@ExtendWith(SharedBroker.class)
class PoolEndToEndIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** Runs 1,000 jobs 0..999 through a pool of 4 and checks every result. */
    static void thousandJobsGiveAThousandCorrectResults(String bootstrap, Path dir, List<String> dispatcherArgs) {
        try (TestPool pool = TestPool.start(bootstrap, dir, 4, List.of(), dispatcherArgs);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            List<Integer> payloads = IntStream.range(0, 1000).boxed().toList();

            Submission submission = pool.submit(submitter, payloads);
            TestPool.awaitOutcomes(outcomes, submission, Duration.ofMinutes(2));

            Map<String, Result> results = submission.results();
            assertThat(results).hasSize(1000);
            assertThat(submission.deadLetterCount()).isZero();
            assertThat(submission.duplicates()).isZero();
            for (int i = 0; i < 1000; i++) {
                Result result = results.get("job-" + (i + 1));
                assertThat(result.output().longValue()).as("job-%d", i + 1).isEqualTo(2L * i);
            }
            Map<Integer, Long> perWorker = results.values().stream()
                    .collect(Collectors.groupingBy(Result::workerId, Collectors.counting()));
            assertThat(perWorker).as("every worker took a share").containsOnlyKeys(0, 1, 2, 3);
            assertThat(pool.events().of(WorkerCrashed.class)).isEmpty();
        }
    }

    @Test
    void aThousandJobsGiveAThousandCorrectResultsUnderRoundRobin() {
        thousandJobsGiveAThousandCorrectResults(SharedBroker.bootstrap(), dir, List.of());
    }

    @Test
    void leastBusyDispatchGivesEveryJobItsResultToo() {
        thousandJobsGiveAThousandCorrectResults(SharedBroker.bootstrap(), dir, List.of("--dispatch", "least-busy"));
    }
}
