package io.kpool.bench;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.protocol.Job;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** kpool end to end: throughput with all jobs submitted at once, and latency at a steady rate. */
final class KpoolRuns {

    private static final Logger log = LoggerFactory.getLogger(KpoolRuns.class);

    private KpoolRuns() {
    }

    /** Jobs a second, from the first job submitted to the last result read. */
    static double throughput(BenchPool pool, int jobs) {
        Submission submission = new Submission();
        long start = System.nanoTime();
        try (Outcomes outcomes = Outcomes.fromNow(pool.kafka()); JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                String id = "t-" + i;
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

    /** Submit-to-result latency in milliseconds at {@code rate} jobs a second for {@code seconds}: p50, p99, p99.9. */
    static Percentiles latency(BenchPool pool, int rate, int seconds) throws InterruptedException {
        int jobs = rate * seconds;
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[jobs];
        int received = 0;
        try (Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka(), 0)) {
            Thread feeder = new Thread(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < jobs; i++) {
                    long due = start + (long) i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    String id = "l-" + i;
                    sentAt.put(id, System.nanoTime());
                    submitter.submit(new Job(id, IntNode.valueOf(i)));
                }
            }, "bench-latency-feeder");
            feeder.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 60L).toNanos();
            int[] count = {0};
            while (count[0] < jobs && System.nanoTime() < deadline) {
                outcomes.poll(Duration.ofMillis(20), result -> {
                    Long sent = sentAt.remove(result.jobId());
                    if (sent != null && count[0] < jobs) {
                        latencies[count[0]++] = System.nanoTime() - sent;
                    }
                }, letter -> { });
            }
            feeder.join();
            received = count[0];
        }
        long[] got = Arrays.copyOf(latencies, received);
        Percentiles p = Percentiles.of(got);
        log.info("kpool latency at {}/s: p50 {} ms, p99 {} ms, p99.9 {} ms", rate, p.p50(), p.p99(), p.p999());
        return p;
    }
}
