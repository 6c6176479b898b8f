package io.kpool.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A dispatcher's figures: jobs routed by slot, dead-lettered by reason, transactions committed
 * (with their commit time) and aborted, its lag on the jobs topic and the live slots it sees. Fed by
 * the dispatcher's own thread; counters are looked up once per slot or reason.
 */
final class DispatcherMetrics {

    /** The commit-time histogram's buckets: from a broker on the same machine to one far away and busy. */
    private static final Duration[] BUCKETS = Stream.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry registry;
    private final Map<Integer, Counter> dispatched = new HashMap<>();
    private final Map<String, Counter> deadLettered = new HashMap<>();
    private final Timer commits;
    private final Counter aborted;
    private final Timer lateness;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong liveSlots = new AtomicLong();

    /**
     * @param waiting how many delayed jobs wait, read when scraped: a gauge read from another thread,
     *                so only a size is taken
     */
    DispatcherMetrics(MeterRegistry registry, java.util.function.IntSupplier waiting) {
        this.registry = registry;
        this.commits = Timer.builder("kpool.dispatcher.transaction.commit")
                .description("time to commit one transaction: its tasks, dead letters and job offsets")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        this.aborted = Counter.builder("kpool.dispatcher.transactions.aborted")
                .description("transactions aborted; their jobs are read and routed again").register(registry);
        Gauge.builder("kpool.dispatcher.jobs.lag", lag, AtomicLong::get)
                .description("jobs on the jobs topic not yet routed, over this dispatcher's partitions").register(registry);
        Gauge.builder("kpool.dispatcher.live.slots", liveSlots, AtomicLong::get)
                .description("slots this dispatcher sees alive and sends jobs to").register(registry);
        Gauge.builder("kpool.dispatcher.delayed.waiting", waiting::getAsInt)
                .description("delayed jobs this dispatcher holds until their time").register(registry);
        this.lateness = Timer.builder("kpool.dispatcher.delayed.lateness")
                .description("how long after its runAt a delayed job was routed")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    void firedLate(long millis) {
        lateness.record(millis, TimeUnit.MILLISECONDS);
    }

    void dispatched(int slot) {
        dispatched.computeIfAbsent(slot, s -> Counter.builder("kpool.dispatcher.jobs.dispatched")
                .description("jobs routed to a slot").tag("slot", String.valueOf(s)).register(registry)).increment();
    }

    void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> Counter.builder("kpool.dispatcher.jobs.dead.lettered")
                .description("jobs turned away at intake, by reason").tag("reason", r).register(registry)).increment();
    }

    void committed(long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
    }

    void aborted() {
        aborted.increment();
    }

    void lag(long jobs) {
        lag.set(jobs);
    }

    void liveSlots(int count) {
        liveSlots.set(count);
    }
}
