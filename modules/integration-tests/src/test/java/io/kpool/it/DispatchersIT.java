package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several dispatchers share the jobs; one killed mid-batch loses and doubles nothing; one stopped
 * with SIGTERM hands its partitions over at once.
 */
@ExtendWith(SharedBroker.class)
class DispatchersIT {

    /**
     * Half the dispatchers' session timeout (10 s), after which the group would have dropped a member
     * that closed without leaving. A leave takes the other's next heartbeat (2 s) and a rejoin: about 2 s here.
     */
    private static final Duration HANDED_OVER = Duration.ofSeconds(5);
    private static final int JOB_PARTITIONS = 4;

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

    /**
     * The dispatchers are static members of their group (by --id), which a dispatcher that just
     * closed would stay for the whole session timeout, its partitions idle. Stopped with SIGTERM, it
     * leaves: the other owns every jobs partition, and jobs on all of them are done, long before
     * the session could have expired.
     */
    @Test
    void aDispatcherStoppedWithSigtermLeavesItsPartitionsToTheOtherAtOnce() throws Exception {
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 2);
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka());
             Admin admin = Admin.create(pool.kafka().admin("it-group-watch"))) {
            pool.startSupervisor("it", List.of("--workers", "2"));
            Process leaving = pool.startDispatcher(List.of("--id", "leaving"));
            pool.startDispatcher(List.of("--id", "staying"));
            pool.awaitAllAlive();
            await().atMost(Duration.ofSeconds(90)).alias("both dispatchers own jobs partitions")
                    .until(() -> owners(admin, pool).values().stream().filter(n -> n > 0).count() == 2);
            Submission before = pool.submit(submitter, IntStream.range(0, 200).boxed().toList());
            TestPool.awaitOutcomes(outcomes, before, Duration.ofSeconds(90));

            leaving.destroy();
            assertThat(leaving.waitFor(30, TimeUnit.SECONDS)).as("the dispatcher exits on SIGTERM").isTrue();
            assertThat(leaving.exitValue()).isZero();
            Instant gone = Instant.now();
            Submission after = pool.submit(submitter, IntStream.range(0, 200).boxed().toList());

            await().atMost(HANDED_OVER.minus(Duration.between(gone, Instant.now()))).pollInSameThread()
                    .pollInterval(Duration.ofMillis(50))
                    .alias("the staying dispatcher alone owns all " + JOB_PARTITIONS + " jobs partitions, and the "
                            + "jobs submitted after the other stopped are done")
                    .until(() -> {
                        outcomes.poll(Duration.ofMillis(100), after::accept, after::accept);
                        return after.complete() && owners(admin, pool).equals(Map.of(stayingId(pool), JOB_PARTITIONS));
                    });
            assertThat(after.resultCount()).isEqualTo(200);
            assertThat(after.duplicates()).isZero();
        }
    }

    private static String stayingId(TestPool pool) {
        return pool.kafka().topics().dispatcherTransactionalId("staying");
    }

    /** Each member of the dispatchers' group (by its static instance id) and how many jobs partitions it owns. */
    private static Map<String, Integer> owners(Admin admin, TestPool pool) throws Exception {
        String group = pool.kafka().topics().dispatcherGroup();
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(10, TimeUnit.SECONDS).get(group);
        Map<String, Integer> owners = new HashMap<>();
        for (MemberDescription member : description.members()) {
            owners.put(member.groupInstanceId().orElse(member.consumerId()),
                    member.assignment().topicPartitions().size());
        }
        return owners;
    }
}
