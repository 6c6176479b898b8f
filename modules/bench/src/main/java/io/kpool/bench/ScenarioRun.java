package io.kpool.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.bench.peer.PeerInput;
import io.kpool.bench.peer.PeerMembers;
import io.kpool.bench.peer.PeerOutputs;
import io.kpool.bench.peer.PeerPool;
import io.kpool.bench.peer.PeerReadiness;
import io.kpool.bench.peer.PeerTopics;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.Job;
import java.time.Duration;
import java.util.BitSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Scenario} on kpool (a fresh {@link BenchPool} with the scenario's options) and on the
 * plain pool (fresh {@link PeerTopics}, {@link PeerMembers} running the same handler and restarted when
 * they end, as a supervisor would), feeding both the same jobs the same way and reading their results
 * the same way: submit time to the moment the bench reads the result, on the bench's clock. Each side
 * first runs the scenario's {@linkplain Scenario#warmUp() warm-up}, unmeasured.
 */
public final class ScenarioRun {

    private static final Logger log = LoggerFactory.getLogger(ScenarioRun.class);

    /** Where jobs go: kpool's jobs topic or the plain pool's input. */
    interface Sink {
        void send(String id, JsonNode payload);

        void flush();
    }

    /** Where outcomes come from: job ids of results and of dead letters. */
    interface Source {
        void poll(Duration timeout, Consumer<String> onResult, Consumer<String> onDeadLetter);
    }

    private ScenarioRun() {
    }

    /** Both sides, kpool first. */
    public static ScenarioResult run(BenchEnvironment env, Scenario scenario) {
        ScenarioResult.Side kpool = onKpool(env, scenario);
        ScenarioResult.Side plain = onPlainPool(env, scenario);
        return new ScenarioResult(scenario.name(), scenario.description(), scenario.jobs(), scenario.goodJobs(),
                scenario.workers(), scenario.rate(), scenario.deadline().toMillis(), String.join(" ", kpoolOptions(scenario)),
                String.join(" ", scenario.allMemberArgs()), scenario.compare(), kpool, plain);
    }

    private static java.util.List<String> kpoolOptions(Scenario scenario) {
        java.util.List<String> options = new java.util.ArrayList<>(scenario.supervisorArgs());
        options.addAll(scenario.dispatcherArgs());
        return options;
    }

    static ScenarioResult.Side onKpool(BenchEnvironment env, Scenario scenario) {
        try (BenchPool pool = BenchPool.start(env, scenario.workers(), scenario.supervisorArgs(),
                scenario.dispatcherArgs())) {
            ScenarioResult.Side side;
            try (Outcomes outcomes = Outcomes.fromNow(pool.kafka());
                 JobSubmitter submitter = scenario.rate() > 0 ? new JobSubmitter(pool.kafka(), 0)
                         : new JobSubmitter(pool.kafka())) {
                Sink sink = new Sink() {
                    @Override
                    public void send(String id, JsonNode payload) {
                        submitter.submit(new Job(id, payload, scenario.handler(), null));
                    }

                    @Override
                    public void flush() {
                        submitter.flush();
                    }
                };
                Source source = (timeout, onResult, onDeadLetter) -> outcomes.poll(timeout,
                        r -> onResult.accept(r.jobId()), l -> onDeadLetter.accept(l.jobId()));
                drive(scenario.warmUp(), "kpool", sink, source);
                side = drive(scenario, "kpool", sink, source);
            }
            int restarts = pool.workers().stream().mapToInt(WorkerRow::restarts).sum();
            return side.withRestarts(restarts);
        } catch (RuntimeException e) {
            log.error("scenario {} on kpool failed: {}", scenario.name(), e.toString(), e);
            return ScenarioResult.Side.notReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScenarioResult.Side.notReady();
        }
    }

    static ScenarioResult.Side onPlainPool(BenchEnvironment env, Scenario scenario) {
        PeerTopics topics = new PeerTopics("peer-" + scenario.name() + "-" + UUID.randomUUID().toString().substring(0, 8),
                scenario.workers());
        try (Admin admin = Admin.create(env.connection())) {
            topics.create(env.connection());
            try (PeerMembers members = new PeerMembers(env, topics, scenario.allMemberArgs());
                 PeerInput input = new PeerInput(env.connection(), topics.input());
                 PeerOutputs outputs = new PeerOutputs(env.connection(), topics)) {
                for (int i = 0; i < scenario.workers(); i++) {
                    members.start(i, null);
                }
                if (!PeerReadiness.await(admin, topics, members, scenario.workers(), input, outputs, PeerPool.PHASE)) {
                    return ScenarioResult.Side.notReady();
                }
                members.restartWhenEnded();
                Sink sink = new Sink() {
                    @Override
                    public void send(String id, JsonNode payload) {
                        input.sendText(id, payload.toString());
                    }

                    @Override
                    public void flush() {
                        input.flush();
                    }
                };
                Source source = (timeout, onResult, onDeadLetter) -> outputs.poll(timeout)
                        .forEach(o -> onResult.accept(o.key()));
                drive(scenario.warmUp(), "plain", sink, source);
                ScenarioResult.Side side = drive(scenario, "plain", sink, source);
                return side.withRestarts(members.restarts());
            }
        } catch (RuntimeException e) {
            log.error("scenario {} on the plain pool failed: {}", scenario.name(), e.toString(), e);
            return ScenarioResult.Side.notReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScenarioResult.Side.notReady();
        }
    }

    /**
     * Feeds the scenario's jobs to {@code sink} (at its rate, or all at once) from a thread of its own
     * while reading {@code source}, until every good job has its result and every poison job an outcome,
     * or the deadline.
     */
    static ScenarioResult.Side drive(Scenario scenario, String side, Sink sink, Source source)
            throws InterruptedException {
        int jobs = scenario.jobs();
        String prefix = scenario.name() + "-" + side + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        AtomicLongArray sentAt = new AtomicLongArray(jobs);
        long start = System.nanoTime();
        long deadline = start + scenario.deadline().toNanos();
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            for (int i = 0; i < jobs && feeding.get(); i++) {
                if (scenario.rate() > 0) {
                    long wait = start + (long) i * TimeUnit.SECONDS.toNanos(1) / scenario.rate() - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                sentAt.set(i, System.nanoTime());
                sink.send(prefix + i, scenario.payloads().get(i));
            }
            sink.flush();
        }, "kpool-bench-scenario-feeder");
        feeder.setDaemon(true);
        feeder.start();

        Histogram latency = Percentiles.histogram();
        BitSet answered = new BitSet(jobs);
        BitSet poison = scenario.poison();
        int goodJobs = scenario.goodJobs();
        int[] good = {0};
        int[] poisonAnswered = {0};
        int[] deadLetters = {0};
        long[] lastGood = {start};
        while ((good[0] < goodJobs || poisonAnswered[0] < poison.cardinality()) && System.nanoTime() < deadline) {
            source.poll(Duration.ofMillis(50), id -> {
                int job = index(prefix, id, jobs);
                if (job < 0 || answered.get(job)) {
                    return;
                }
                answered.set(job);
                long now = System.nanoTime();
                if (poison.get(job)) {
                    poisonAnswered[0]++;
                } else {
                    good[0]++;
                    lastGood[0] = now;
                    long sent = sentAt.get(job);
                    if (sent != 0) {
                        Percentiles.record(latency, now - sent);
                    }
                }
            }, id -> {
                int job = index(prefix, id, jobs);
                if (job >= 0 && !answered.get(job)) {
                    answered.set(job);
                    deadLetters[0]++;
                    if (poison.get(job)) {
                        poisonAnswered[0]++;
                    }
                }
            });
        }
        feeding.set(false);
        feeder.join(TimeUnit.SECONDS.toMillis(10));
        Long doneMs = good[0] == goodJobs ? TimeUnit.NANOSECONDS.toMillis(lastGood[0] - start) : null;
        ScenarioResult.Side result = new ScenarioResult.Side(true, good[0], deadLetters[0], Percentiles.of(latency),
                doneMs, 0);
        log.info("scenario {} on {}: {} of {} good results, {} dead letters, done {}, latency {}", scenario.name(), side,
                good[0], goodJobs, deadLetters[0], doneMs == null ? "not within " + scenario.deadline() : doneMs + " ms",
                result.latency());
        return result;
    }

    private static int index(String prefix, String id, int jobs) {
        if (id == null || !id.startsWith(prefix)) {
            return -1;
        }
        try {
            int job = Integer.parseInt(id.substring(prefix.length()));
            return job >= 0 && job < jobs ? job : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
