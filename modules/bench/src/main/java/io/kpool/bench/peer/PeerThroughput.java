package io.kpool.bench.peer;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of a ready peer pool: writes jobs {@code 0..jobs-1} (keys {@code job-<i>}) as fast as
 * the producer goes, and times from the first write to the last committed result read.
 */
final class PeerThroughput {

    private static final Logger log = LoggerFactory.getLogger(PeerThroughput.class);

    private PeerThroughput() {
    }

    /**
     * Jobs per second; if not every result came within {@code timeout}, the rate of those that did
     * (logged as incomplete).
     */
    static double measure(PeerInput input, PeerOutputs outputs, int jobs, Duration timeout) {
        BitSet seen = new BitSet(jobs);
        int count = 0;
        long wrong = 0;
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int i = 0; i < jobs; i++) {
            input.send("job-" + i, i);
        }
        long last = start;
        while (count < jobs && System.nanoTime() < deadline) {
            for (PeerOutputs.Output output : outputs.poll(Duration.ofMillis(200))) {
                int job = jobIndex(output.key(), jobs);
                if (job < 0 || seen.get(job)) {
                    continue;
                }
                seen.set(job);
                count++;
                last = System.nanoTime();
                if (output.out() != 2 * output.n() || output.n() != job) {
                    wrong++;
                }
            }
        }
        double seconds = Math.max(1, last - start) / (double) TimeUnit.SECONDS.toNanos(1);
        double rate = count / seconds;
        if (wrong > 0) {
            log.warn("{} results were wrong (not 2n of their job)", wrong);
        }
        if (count < jobs) {
            log.error("only {} of {} results within {}: {} jobs/s over those", count, jobs, timeout,
                    String.format("%.0f", rate));
        } else {
            log.info("{} jobs in {} ms: {} jobs/s", jobs, Math.round(seconds * 1000), String.format("%.0f", rate));
        }
        return rate;
    }

    private static int jobIndex(String key, int jobs) {
        if (key == null || !key.startsWith("job-")) {
            return -1;
        }
        try {
            int job = Integer.parseInt(key.substring(4));
            return job >= 0 && job < jobs ? job : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
