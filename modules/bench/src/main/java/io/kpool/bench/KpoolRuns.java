package io.kpool.bench;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.Job;
import io.kpool.transport.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** kpool end to end: throughput with all jobs submitted at once, and latency at a steady rate. */
public final class KpoolRuns {

    private static final Logger log = LoggerFactory.getLogger(KpoolRuns.class);

    private KpoolRuns() {
    }

    /** Jobs a second, from the first job submitted to the last result read. */
    static double throughput(BenchPool pool, int jobs) {
        Submission submission = new Submission();
        String run = "t-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
        long start = System.nanoTime();
        try (Outcomes outcomes = Outcomes.fromNow(pool.kafka()); JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                String id = run + i;
                submission.expect(id);
                submitter.submit(new Job(id, IntNode.valueOf(i)));
            }
            submitter.flush();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!submission.complete() && System.nanoTime() < deadline) {
                outcomes.poll(Duration.ofMillis(100), submission::accept, submission::accept);
            }
        }
        double rate = (submission.expected() - submission.pendingCount()) / (RawTopics.elapsed(start).toNanos() / 1e9);
        log.info("kpool: {} jobs/s", Math.round(rate));
        return rate;
    }

    /**
     * Submit-to-result latency at {@code rate} jobs a second for {@code seconds}, and where it goes:
     * submit to the dispatcher's send of the task, that send to the worker's result (the dispatcher's
     * commit, the worker's fetch and the handler), and the result to the submitter reading it (the
     * worker's commit and the fetch). A second of jobs at the same rate goes first, unmeasured: the
     * submitter's first send waits for its metadata, and the reader's first results for its JIT.
     */
    public static BenchReport.Latency latency(KafkaSettings kafka, int rate, int seconds) throws InterruptedException {
        int jobs = rate * seconds;
        Histogram latencies = Percentiles.histogram();
        Histogram[] stages = {Percentiles.histogram(), Percentiles.histogram(), Percentiles.histogram()};
        TaskTimes tasks = TaskTimes.mark(kafka);
        Map<String, long[]> done = new HashMap<>();
        String run = "l-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
        try (Outcomes outcomes = Outcomes.fromNow(kafka);
             JobSubmitter submitter = new JobSubmitter(kafka, 0)) {
            steady(outcomes, submitter, run + "warm-", rate, rate, (id, sent, result) -> { });
            steady(outcomes, submitter, run, jobs, rate, (id, sent, result) -> {
                Percentiles.record(latencies, System.nanoTime() - sent[0]);
                done.put(id, new long[] {sent[1], result.completedAt(), System.currentTimeMillis()});
            });
        }
        Map<String, Long> dispatchedAt = tasks.read();
        for (Map.Entry<String, long[]> e : done.entrySet()) {
            Long dispatched = dispatchedAt.get(e.getKey());
            if (dispatched != null) {
                long[] t = e.getValue();
                Percentiles.record(stages[0], msToNanos(dispatched - t[0]));
                Percentiles.record(stages[1], msToNanos(t[1] - dispatched));
                Percentiles.record(stages[2], msToNanos(t[2] - t[1]));
            }
        }
        Percentiles p = Percentiles.of(latencies);
        log.info("kpool latency at {}/s: p50 {} ms, p99 {} ms, p99.9 {} ms", rate, p.p50(), p.p99(), p.p999());
        return new BenchReport.Latency(rate, seconds, p, new BenchReport.Stages(
                Percentiles.of(stages[0]), Percentiles.of(stages[1]), Percentiles.of(stages[2])));
    }

    /** What {@link #steady} tells of each result: the job's id, when it was sent (nanos, epoch ms), the result. */
    private interface Measured {
        void result(String id, long[] sent, io.kpool.protocol.Result result);
    }

    /** Submits {@code jobs} jobs at {@code rate} a second and reads their results, each told to {@code measured}. */
    private static void steady(Outcomes outcomes, JobSubmitter submitter, String prefix, int jobs, int rate,
                               Measured measured) throws InterruptedException {
        Map<String, long[]> sentAt = new ConcurrentHashMap<>();
        Thread feeder = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                String id = prefix + i;
                sentAt.put(id, new long[] {System.nanoTime(), System.currentTimeMillis()});
                submitter.submit(new Job(id, IntNode.valueOf(i)));
            }
        }, "bench-latency-feeder");
        feeder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(jobs / rate + 60L).toNanos();
        int[] count = {0};
        while (count[0] < jobs && System.nanoTime() < deadline) {
            outcomes.poll(Duration.ofMillis(20), result -> {
                long[] sent = sentAt.remove(result.jobId());
                if (sent != null && count[0] < jobs) {
                    count[0]++;
                    measured.result(result.jobId(), sent, result);
                }
            }, letter -> { });
        }
        feeder.join();
    }

    private static long msToNanos(long ms) {
        return Math.max(0, ms) * 1_000_000L;
    }
}
