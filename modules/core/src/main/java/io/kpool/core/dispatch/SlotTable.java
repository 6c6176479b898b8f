package io.kpool.core.dispatch;

import io.kpool.protocol.Heartbeat;
import io.kpool.protocol.WorkerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dispatcher's book of slots, fed from {@code <prefix>.workers} and {@code <prefix>.heartbeats}.
 * A slot is alive when its supervisor says so, its partition exists, and its heartbeats have not
 * gone silent for longer than {@code staleAfter} (which covers a supervisor that died without a
 * word). Jobs in flight are estimated as the backlog the worker last reported plus the jobs routed
 * to it since. Owned by one thread.
 */
public final class SlotTable {

    private final Duration staleAfter;
    private final Map<Integer, Slot> slots = new TreeMap<>();
    private int partitions = Integer.MAX_VALUE;

    /**
     * @param staleAfter heartbeat silence after which a slot is treated as dead
     */
    public SlotTable(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    private static final class Slot {
        WorkerStatus status;
        Instant lastHeartbeat;
        long reportedBacklog;
        long routedSinceHeartbeat;
        int lanes = 1;
    }

    /** Takes in a slot's state as its supervisor published it. */
    public void apply(WorkerStatus status) {
        Slot slot = slots.computeIfAbsent(status.workerId(), id -> new Slot());
        if (slot.status != null && slot.status.incarnation() != status.incarnation()) {
            slot.lastHeartbeat = null;
            slot.reportedBacklog = 0;
        }
        slot.status = status;
    }

    /** Takes in a heartbeat received at {@code receivedAt}; heartbeats of older incarnations are ignored. */
    public void apply(Heartbeat heartbeat, Instant receivedAt) {
        Slot slot = slots.computeIfAbsent(heartbeat.workerId(), id -> new Slot());
        if (slot.status != null && heartbeat.incarnation() < slot.status.incarnation()) {
            return;
        }
        slot.lastHeartbeat = receivedAt;
        slot.reportedBacklog = heartbeat.queued() + (heartbeat.currentJob() == null ? 0 : 1);
        slot.lanes = heartbeat.lanes();
        slot.routedSinceHeartbeat = 0;
    }

    /** Records that a job was routed to the slot. */
    public void routed(int slot) {
        slots.computeIfAbsent(slot, id -> new Slot()).routedSinceHeartbeat++;
    }

    /** Slots at or beyond this many task partitions cannot take jobs. */
    public void partitions(int count) {
        this.partitions = count;
    }

    /** What the strategies see, ordered by slot id. */
    public List<SlotView> views(Instant now) {
        List<SlotView> views = new ArrayList<>(slots.size());
        slots.forEach((id, slot) -> views.add(new SlotView(id, alive(id, slot, now),
                slot.reportedBacklog + slot.routedSinceHeartbeat, slot.lanes)));
        return views;
    }

    /** Whether any slot takes jobs now. */
    public boolean anyAlive(Instant now) {
        return slots.entrySet().stream().anyMatch(e -> alive(e.getKey(), e.getValue(), now));
    }

    private boolean alive(int id, Slot slot, Instant now) {
        if (slot.status == null || !slot.status.alive() || id >= partitions) {
            return false;
        }
        return slot.lastHeartbeat == null || Duration.between(slot.lastHeartbeat, now).compareTo(staleAfter) <= 0;
    }
}
