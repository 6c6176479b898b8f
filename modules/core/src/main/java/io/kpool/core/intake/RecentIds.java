package io.kpool.core.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The job ids accepted within the dedupe window, to turn away a re-submitted id. Ids met while a
 * batch is being dispatched are held apart until the batch commits ({@link #commit()}) or is
 * rolled back ({@link #discard()}), so a rolled-back batch read again is not taken for duplicates.
 * At most {@code capacity} ids are kept (the oldest go first). Owned by one thread.
 */
public final class RecentIds {

    /** When an id was first accepted, and where. */
    public record Seen(Instant at, int partition, long offset) {
    }

    private final Duration window;
    private final int capacity;
    private final LinkedHashMap<String, Seen> committed = new LinkedHashMap<>();
    private final Map<String, Seen> pending = new HashMap<>();

    public RecentIds(Duration window, int capacity) {
        this.window = window;
        this.capacity = capacity;
    }

    /**
     * Notes the id of a job about to be accepted; answers where it was accepted before, if it was
     * within the window.
     */
    public Optional<Seen> accept(String id, Seen now) {
        Seen before = pending.get(id);
        if (before == null) {
            before = committed.get(id);
        }
        if (before != null && Duration.between(before.at(), now.at()).compareTo(window) <= 0) {
            return Optional.of(before);
        }
        pending.put(id, now);
        return Optional.empty();
    }

    /**
     * Where the job of this id was accepted, if it was within the window (or the id is still
     * remembered): the batch in progress included.
     */
    public Optional<Seen> find(String id) {
        Seen seen = pending.get(id);
        return Optional.ofNullable(seen != null ? seen : committed.get(id));
    }

    /** The batch committed: its ids are now known. */
    public void commit() {
        pending.forEach(this::remember);
        pending.clear();
    }

    /** The batch was rolled back: forget what it met. */
    public void discard() {
        pending.clear();
    }

    /** Learns an id accepted earlier (from the log, after a restart). */
    public void remember(String id, Seen seen) {
        committed.remove(id);
        committed.put(id, seen);
        if (committed.size() > capacity) {
            Iterator<Seen> oldest = committed.values().iterator();
            while (committed.size() > capacity && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Learns an id read back from the log, unless it is known already (its first acceptance counts). */
    public void rememberFirst(String id, Seen seen) {
        if (!committed.containsKey(id)) {
            remember(id, seen);
        }
    }

    /** Forgets ids accepted before {@code now - window}. */
    public void expire(Instant now) {
        Instant horizon = now.minus(window);
        Iterator<Seen> oldest = committed.values().iterator();
        while (oldest.hasNext()) {
            if (!oldest.next().at().isBefore(horizon)) {
                break;
            }
            oldest.remove();
        }
    }

    /** How many ids are remembered. */
    public int size() {
        return committed.size();
    }
}
