package io.kpool.bench;

import com.fasterxml.jackson.databind.node.IntNode;
import io.kpool.client.EventFollower;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.StatusReader;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.Job;
import io.kpool.protocol.event.WorkerCrashed;
import io.kpool.protocol.event.WorkerRestarted;
import io.kpool.transport.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * How fast a running pool on this host recovers from a worker's SIGKILL while jobs flow: from the
 * kill to the {@code worker_crashed} event (noticed), to {@code worker_restarted} (the new process
 * heartbeats), and to the first result from the new process. Rounds are 11 s apart, so each is a
 * first crash after a stable run (no backoff).
 */
public final class Failover {

    /**
     * One round's figures, or their medians, in milliseconds after the kill.
     *
     * @param rounds how many kills they come from
     */
    public record Figures(int rounds, long noticedMs, long restartedMs, long firstResultMs) {
    }

    private Failover() {
    }

    /**
     * Kills worker {@code worker} {@code rounds} times while submitting {@code rate} jobs a second.
     *
     * @param onRound told each round's figures as they come
     * @return the medians
     */
    public static Figures measure(KafkaSettings kafka, int worker, int rounds, int rate, Consumer<Figures> onRound)
            throws InterruptedException {
        AtomicBoolean flowing = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> feed(kafka, rate, flowing), "bench-failover-feeder");
        feeder.setDaemon(true);
        feeder.start();
        List<Figures> measured = new ArrayList<>();
        try (EventFollower events = new EventFollower(kafka, false); Outcomes outcomes = Outcomes.fromNow(kafka)) {
            for (int round = 1; round <= rounds; round++) {
                TimeUnit.SECONDS.sleep(round == 1 ? 2 : 11);
                Figures figures = once(kafka, worker, events, outcomes);
                measured.add(figures);
                onRound.accept(figures);
            }
        } finally {
            flowing.set(false);
        }
        return new Figures(measured.size(), median(measured.stream().mapToLong(Figures::noticedMs).toArray()),
                median(measured.stream().mapToLong(Figures::restartedMs).toArray()),
                median(measured.stream().mapToLong(Figures::firstResultMs).toArray()));
    }

    private static Figures once(KafkaSettings kafka, int worker, EventFollower events, Outcomes outcomes) {
        WorkerRow row = StatusReader.read(kafka, Duration.ofSeconds(30)).stream()
                .filter(r -> r.workerId() == worker && r.alive()).findFirst()
                .orElseThrow(() -> new IllegalStateException("worker " + worker + " is not alive now"));
        ProcessHandle process = ProcessHandle.of(row.pid()).orElseThrow(
                () -> new IllegalStateException("worker " + worker + " (pid " + row.pid() + ") is not on this host"));
        long incarnation = row.incarnation();
        long killedAt = System.currentTimeMillis();
        process.destroyForcibly();
        long[] at = {-1, -1, -1};
        long deadline = System.currentTimeMillis() + 60_000;
        while ((at[0] < 0 || at[1] < 0 || at[2] < 0) && System.currentTimeMillis() < deadline) {
            events.poll(Duration.ofMillis(20), e -> {
                if (e instanceof WorkerCrashed c && c.workerId() == worker && at[0] < 0) {
                    at[0] = c.at();
                } else if (e instanceof WorkerRestarted r && r.workerId() == worker && at[1] < 0) {
                    at[1] = r.at();
                }
            });
            outcomes.poll(Duration.ofMillis(20), result -> {
                if (result.workerId() == worker && result.incarnation() > incarnation && at[2] < 0) {
                    at[2] = result.completedAt();
                }
            }, letter -> { });
        }
        return new Figures(1, at[0] - killedAt, at[1] - killedAt, at[2] - killedAt);
    }

    private static void feed(KafkaSettings kafka, int rate, AtomicBoolean flowing) {
        try (JobSubmitter submitter = new JobSubmitter(kafka, 0)) {
            long n = 0;
            long start = System.nanoTime();
            while (flowing.get()) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                while (n < due) {
                    submitter.submit(new Job("failover-" + n, IntNode.valueOf((int) (n % 1000))));
                    n++;
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? -1 : sorted[sorted.length / 2];
    }
}
