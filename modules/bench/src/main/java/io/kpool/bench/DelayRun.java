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
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How late a running pool routes delayed jobs: {@code jobs} jobs are submitted at once, each with a
 * {@code runAt} spread evenly over {@code spread}, the first {@code lead} after the submission
 * begins, so that all of them wait together; then each one's lateness is measured from its
 * {@code runAt} to its task's send (the dispatcher's routing) and to its result.
 *
 * @param jobs          the jobs submitted
 * @param submitSeconds how long submitting them took (all wait at once when it is under the lead)
 * @param routed        {@code runAt} → the task's send
 * @param completed     {@code runAt} → the result's {@code completedAt}
 * @param early         jobs routed before their time (must be 0)
 * @param missing       jobs without a result after the spread and a minute more
 */
public record DelayRun(int jobs, double submitSeconds, Percentiles routed, Percentiles completed, int early,
                       int missing) {

    private static final Logger log = LoggerFactory.getLogger(DelayRun.class);

    /** Submits the jobs, waits for their results, and measures. */
    public static DelayRun measure(KafkaSettings kafka, int jobs, Duration lead, Duration spread) {
        TaskTimes tasks = TaskTimes.mark(kafka);
        Submission submission = new Submission();
        Map<String, Long> runAt = new HashMap<>();
        Map<String, Long> completedAt = new HashMap<>();
        String run = "d-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
        long started = System.nanoTime();
        long first = System.currentTimeMillis() + lead.toMillis();
        double submitSeconds;
        try (Outcomes outcomes = Outcomes.fromNow(kafka); JobSubmitter submitter = new JobSubmitter(kafka)) {
            for (int i = 0; i < jobs; i++) {
                String id = run + i;
                long at = first + spread.toMillis() * i / Math.max(1, jobs);
                runAt.put(id, at);
                submission.expect(id);
                submitter.submit(new Job(id, IntNode.valueOf(i)).at(at));
            }
            submitter.flush();
            submitSeconds = (System.nanoTime() - started) / 1e9;
            log.info("delay: {} jobs submitted in {} s, the first due {} after the start", jobs, submitSeconds, lead);
            long deadline = first + spread.toMillis() + Duration.ofMinutes(1).toMillis();
            while (!submission.complete() && System.currentTimeMillis() < deadline) {
                outcomes.poll(Duration.ofMillis(100), result -> {
                    submission.accept(result);
                    completedAt.putIfAbsent(result.jobId(), result.completedAt());
                }, submission::accept);
            }
        }
        Map<String, Long> sentAt = tasks.read();
        Histogram routed = Percentiles.histogram();
        Histogram completed = Percentiles.histogram();
        int early = 0;
        for (Map.Entry<String, Long> e : runAt.entrySet()) {
            Long sent = sentAt.get(e.getKey());
            if (sent != null) {
                early += sent < e.getValue() ? 1 : 0;
                Percentiles.record(routed, (sent - e.getValue()) * 1_000_000L);
            }
            Long done = completedAt.get(e.getKey());
            if (done != null) {
                Percentiles.record(completed, (done - e.getValue()) * 1_000_000L);
            }
        }
        return new DelayRun(jobs, submitSeconds, Percentiles.of(routed), Percentiles.of(completed), early,
                submission.pendingCount());
    }
}
