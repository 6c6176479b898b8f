package io.kpool.supervisor;

import io.kpool.core.supervision.SlotState;
import io.kpool.core.supervision.Supervision;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.WorkerCrashed;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supervisor's figures, and its workers' (they open no port of their own): restarts and crashes
 * by slot and reason, poison jobs found, each slot's state, incarnation, heartbeat age, whether it is on a job, its
 * queued tasks and the jobs it finished, and the supervisor's restart intensity in use. Fed by the
 * supervisor's own thread; a scrape reads what that thread last wrote.
 */
final class SupervisorMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Integer, SlotFigures> slots = new ConcurrentHashMap<>();
    private final Map<Integer, String> lastCrash = new ConcurrentHashMap<>();
    /** Poison jobs already counted, by slot@offset; the oldest forgotten past a bound. */
    private final Set<String> poisoned = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });
    private final AtomicInteger recentRestarts = new AtomicInteger();
    private final AtomicInteger maxRestarts = new AtomicInteger();

    /** @param clock how old a slot's last heartbeat is */
    SupervisorMetrics(MeterRegistry registry, List<Integer> owned, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        owned.forEach(this::slot);
        owned.forEach(slot -> registry.counter("kpool.worker.jobs.poisoned", tags(slot)));
        Gauge.builder("kpool.supervisor.restarts.recent", recentRestarts, AtomicInteger::get)
                .description("restarts within the supervisor's intensity window").register(registry);
        Gauge.builder("kpool.supervisor.restarts.allowed", maxRestarts, AtomicInteger::get)
                .description("the most restarts the intensity allows within its window").register(registry);
        Gauge.builder("kpool.supervisor.intensity.ratio", this, m -> m.maxRestarts.get() == 0 ? 0
                        : (double) m.recentRestarts.get() / m.maxRestarts.get())
                .description("restarts.recent / restarts.allowed: past 1 the supervisor gives up (or quarantines)")
                .register(registry);
    }

    /** Reads what only the supervisor's thread may read. */
    void sample(Supervision supervision) {
        recentRestarts.set(supervision.recentRestarts());
        maxRestarts.set(supervision.maxRestarts());
    }

    void published(WorkerStatus status) {
        SlotFigures slot = slots.get(status.workerId());
        if (slot == null) {
            return;
        }
        slot.state = status.state();
        slot.incarnation = status.incarnation();
        // Restarts are counted as the supervisor makes them (the slot's published count), not as
        // each new incarnation comes up: one that dies before its first heartbeat is read was
        // restarted all the same. The first state seen sets where counting starts (a supervisor
        // started again resumes its slots' counts from their last published state).
        if (slot.restarts >= 0 && status.restarts() > slot.restarts) {
            String reason = lastCrash.getOrDefault(status.workerId(), "unknown");
            registry.counter("kpool.worker.restarts", tags(status.workerId()).and("reason", reason))
                    .increment(status.restarts() - slot.restarts);
        }
        slot.restarts = Math.max(slot.restarts, status.restarts());
        for (WorkerStatus.Suspect suspect : status.suspects()) {
            if (suspect.poisoned() && poisoned.add(status.workerId() + "@" + suspect.offset())) {
                registry.counter("kpool.worker.jobs.poisoned", tags(status.workerId())).increment();
            }
        }
    }

    void heartbeat(Heartbeat beat, long receivedAt) {
        SlotFigures slot = slots.get(beat.workerId());
        if (slot == null) {
            return;
        }
        if (beat.incarnation() != slot.beatIncarnation) {
            slot.processedBefore += slot.processedNow;
            slot.processedNow = 0;
            slot.beatIncarnation = beat.incarnation();
        }
        slot.processedNow = Math.max(slot.processedNow, beat.processed());
        slot.busy = beat.currentJob() != null;
        slot.queued = beat.queued();
        slot.lastBeatAt = receivedAt;
    }

    void emitted(PoolEvent event) {
        if (event instanceof WorkerCrashed crashed) {
            lastCrash.put(crashed.workerId(), crashed.reason());
            registry.counter("kpool.worker.crashes", tags(crashed.workerId()).and("reason", crashed.reason())).increment();
        }
    }

    private void slot(int id) {
        SlotFigures slot = slots.computeIfAbsent(id, k -> new SlotFigures());
        Tags tags = tags(id);
        for (SlotState state : SlotState.values()) {
            String name = state.wireName();
            Gauge.builder("kpool.slot.state", slot, s -> name.equals(s.state) ? 1 : 0).tags(tags.and("state", name))
                    .description("1 for the slot's current state, 0 for the others").register(registry);
        }
        Gauge.builder("kpool.worker.incarnation", slot, s -> s.incarnation).tags(tags)
                .description("the slot's current (or last) incarnation").register(registry);
        Gauge.builder("kpool.worker.heartbeat.age", slot, s -> s.lastBeatAt == 0 ? Double.NaN
                        : (clock.millis() - s.lastBeatAt) / 1000.0)
                .tags(tags).baseUnit("seconds").description("since the slot's last heartbeat was read").register(registry);
        Gauge.builder("kpool.worker.busy", slot, s -> s.busy ? 1 : 0).tags(tags)
                .description("1 while the worker runs a job").register(registry);
        Gauge.builder("kpool.worker.queued.tasks", slot, s -> s.queued).tags(tags)
                .description("tasks waiting in the slot's partition, as its worker last saw").register(registry);
        FunctionCounter.builder("kpool.worker.jobs.processed", slot, s -> s.processedBefore + s.processedNow).tags(tags)
                .description("jobs the slot's workers finished, all incarnations this supervisor saw").register(registry);
    }

    private static Tags tags(int slot) {
        return Tags.of("slot", String.valueOf(slot));
    }

    /** One slot's latest figures: written by the supervisor's thread, read by scrapes. */
    private static final class SlotFigures {
        volatile String state = SlotState.STARTING.wireName();
        volatile long incarnation;
        /** The slot's restarts as last published; -1 before its first state. */
        volatile int restarts = -1;
        volatile long beatIncarnation;
        volatile long processedBefore;
        volatile long processedNow;
        volatile boolean busy;
        volatile long queued;
        volatile long lastBeatAt;
    }
}
