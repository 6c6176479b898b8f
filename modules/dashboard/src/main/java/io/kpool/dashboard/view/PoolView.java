package io.kpool.dashboard.view;

import io.kpool.core.config.Slots;
import io.kpool.dashboard.DashboardSettings;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.Result;
import io.kpool.protocol.WorkerStatus;
import io.kpool.protocol.event.PoolEvent;
import io.kpool.protocol.event.SupervisorGaveUp;
import io.kpool.protocol.event.SupervisorStarted;
import io.kpool.protocol.event.SupervisorStopped;
import io.kpool.protocol.event.WorkerCrashed;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's model of a pool: the records of its topics folded into what the page shows. Feed it
 * each record as it is read ({@link #status}, {@link #heartbeat}, {@link #event}, {@link #deadLetter},
 * {@link #result}); {@link #snapshot()} answers the view at the clock's now. No Kafka, no threads:
 * owned by one thread, with time from an injected clock.
 */
public final class PoolView {

    /** A supervisor silent this long has most likely died (it republishes its slots every second). */
    public static final long SILENT_AFTER_MS = 5_000;
    /** The header's rate and latency are over this many seconds. */
    public static final int RECENT_SECONDS = 10;
    /** How much of a dead letter's original value is kept. */
    public static final int RAW_SHOWN = 200;

    private final DashboardSettings settings;
    private final InstantSource clock;
    private final Map<Integer, WorkerStatus> statuses = new TreeMap<>();
    private final Map<Integer, Heartbeat> beats = new HashMap<>();
    private final Map<Integer, WorkerCrashed> crashes = new HashMap<>();
    private final Map<String, PoolEvent> supervisorWord = new HashMap<>();
    private final Deque<EventLine> events = new ArrayDeque<>();
    private final Deque<DeadLetterLine> deadLetters = new ArrayDeque<>();
    private final SecondSeries series;
    private long eventSeq;
    private long deadLetterSeq;
    private long results;
    private boolean news;

    public PoolView(DashboardSettings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
        this.series = new SecondSeries(settings.points());
    }

    /** A slot's state from its supervisor; an older word than the one held is ignored. */
    public void status(WorkerStatus status) {
        WorkerStatus held = statuses.get(status.workerId());
        if (held != null && held.updatedAt() > status.updatedAt()) {
            return;
        }
        if (held == null || !held.state().equals(status.state()) || held.incarnation() != status.incarnation()) {
            news = true;
        }
        statuses.put(status.workerId(), status);
    }

    /** A worker's heartbeat; one of an older incarnation, or older than the one held, is ignored. */
    public void heartbeat(Heartbeat beat) {
        beats.merge(beat.workerId(), beat, (held, neu) -> neu.incarnation() > held.incarnation()
                || neu.incarnation() == held.incarnation() && neu.at() >= held.at() ? neu : held);
    }

    /** An event: into the stream, and a crash onto its slot's row. */
    public void event(PoolEvent event) {
        events.addFirst(new EventLine(++eventSeq, event.at(), event.type(), event.slot(), event.describe()));
        while (events.size() > settings.events()) {
            events.removeLast();
        }
        if (event instanceof WorkerCrashed crash) {
            crashes.merge(crash.workerId(), crash, (held, neu) -> neu.incarnation() >= held.incarnation() ? neu : held);
        } else if (event instanceof SupervisorStarted || event instanceof SupervisorGaveUp
                || event instanceof SupervisorStopped) {
            String name = supervisorOf(event);
            PoolEvent held = supervisorWord.get(name);
            if (held == null || held.at() <= event.at()) {
                supervisorWord.put(name, event);
            }
        }
        news = true;
    }

    /** A dead letter, kept with its evidence. */
    public void deadLetter(DeadLetter letter) {
        String raw = letter.raw() == null ? null
                : letter.raw().length() > RAW_SHOWN ? letter.raw().substring(0, RAW_SHOWN) + "…" : letter.raw();
        String origin = letter.origin() == null ? null
                : letter.origin().topic() + "-" + letter.origin().partition() + "@" + letter.origin().offset();
        deadLetters.addFirst(new DeadLetterLine(++deadLetterSeq, letter.at(), letter.jobId(), letter.reason(),
                letter.detail(), raw, origin, letter.evidence()));
        while (deadLetters.size() > settings.deadLetters()) {
            deadLetters.removeLast();
        }
        news = true;
    }

    /** A result: counted in the second it was completed, with its latency (submitted → completed). */
    public void result(Result result) {
        completed(result.submittedAt(), result.completedAt());
    }

    /** A result known by its times only (epoch millis): what {@link #result} counts. */
    public void completed(long submittedAt, long completedAt) {
        results++;
        series.add(completedAt, completedAt - submittedAt, clock.millis());
    }

    /**
     * Whether something a person wants to see at once (a crash, a restart, a slot changing state, a
     * dead letter) came in since the last {@link #snapshot()}.
     */
    public boolean hasNews() {
        return news;
    }

    /** The view now. */
    public PoolSnapshot snapshot() {
        news = false;
        long now = clock.millis();
        Map<String, List<WorkerStatus>> bySupervisor = new TreeMap<>();
        statuses.values().forEach(s -> bySupervisor.computeIfAbsent(s.supervisor(), k -> new ArrayList<>()).add(s));
        List<SupervisorView> tree = new ArrayList<>();
        int running = 0;
        int crashed = 0;
        int restarting = 0;
        int gaveUp = 0;
        long inFlight = 0;
        long restarts = 0;
        for (Map.Entry<String, List<WorkerStatus>> entry : bySupervisor.entrySet()) {
            List<SlotView> rows = new ArrayList<>();
            long heard = Long.MIN_VALUE;
            WorkerStatus newest = null;
            for (WorkerStatus s : entry.getValue()) {
                DisplayState display = DisplayState.of(s, crashes.get(s.workerId()));
                SlotView row = row(s, display, now);
                rows.add(row);
                switch (display) {
                    case RUNNING -> running++;
                    case CRASHED -> crashed++;
                    case STARTING, RESTARTING -> restarting++;
                    case GAVE_UP -> gaveUp++;
                    default -> { }
                }
                inFlight += row.inFlight() == null ? 0 : row.inFlight();
                restarts += row.restarts();
                if (s.updatedAt() > heard) {
                    heard = s.updatedAt();
                    newest = s;
                }
            }
            long heardAgo = Math.max(0, now - heard);
            tree.add(new SupervisorView(entry.getKey(), newest.host(), newest.supervisorPid(),
                    Slots.format(rows.stream().map(SlotView::workerId).toList()),
                    supervisorState(entry.getKey(), heardAgo), heardAgo, newest.maxRestarts(), newest.withinMs(),
                    rows));
        }
        SecondSeries.Recent recent = series.recent(now, RECENT_SECONDS);
        Totals totals = new Totals(statuses.size(), running, crashed, restarting, gaveUp, inFlight, recent.perSecond(),
                recent.p50(), recent.p99(), results, deadLetterSeq, restarts);
        return new PoolSnapshot(now, tree, totals, series.window(now), List.copyOf(events), List.copyOf(deadLetters));
    }

    private SlotView row(WorkerStatus s, DisplayState display, long now) {
        Heartbeat beat = beats.get(s.workerId());
        boolean current = beat != null && beat.incarnation() == s.incarnation();
        WorkerCrashed crash = crashes.get(s.workerId());
        return new SlotView(s.workerId(), display.wireName(), s.state(), s.alive(), s.pid(),
                s.incarnation(), s.restarts(), s.recentRestarts(), s.maxRestarts(), s.withinMs(), s.overLimit(),
                s.lastExit(), current ? beat.processed() : null,
                current ? beat.queued() + (beat.currentJob() == null ? 0 : 1) : null,
                current ? beat.currentJob() : null,
                current && beat.busySince() != null ? Math.max(0, now - beat.busySince()) : null,
                current ? Math.max(0, now - beat.at()) : null, Math.max(0, now - s.updatedAt()),
                crash == null ? null : CrashView.of(crash), s.suspects().size());
    }

    /** Its latest word on itself (started, gave up, stopped) decides, else whether it is still heard from. */
    private String supervisorState(String name, long heardAgo) {
        PoolEvent word = supervisorWord.get(name);
        if (word instanceof SupervisorGaveUp) {
            return "gave_up";
        }
        if (word instanceof SupervisorStopped) {
            return "stopped";
        }
        return heardAgo > SILENT_AFTER_MS ? "silent" : "running";
    }

    private static String supervisorOf(PoolEvent event) {
        if (event instanceof SupervisorStarted e) {
            return e.supervisor();
        }
        if (event instanceof SupervisorGaveUp e) {
            return e.supervisor();
        }
        if (event instanceof SupervisorStopped e) {
            return e.supervisor();
        }
        throw new IllegalArgumentException("not a supervisor's event: " + event.type());
    }
}
