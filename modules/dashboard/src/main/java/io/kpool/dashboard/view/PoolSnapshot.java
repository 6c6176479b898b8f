package io.kpool.dashboard.view;

import java.util.List;

/**
 * The pool as a dashboard sees it at one moment; immutable, shared by every page.
 *
 * @param at          when it was taken (epoch millis, the dashboard's clock)
 * @param supervisors the supervision tree: supervisors by name, each with its slots
 * @param totals      the header's numbers
 * @param series      throughput and latency, one point a second
 * @param events      the most recent events, newest first
 * @param deadLetters the most recent dead letters, newest first
 */
public record PoolSnapshot(long at, List<SupervisorView> supervisors, Totals totals, Series series,
                           List<EventLine> events, List<DeadLetterLine> deadLetters) {

    public PoolSnapshot {
        supervisors = List.copyOf(supervisors);
        events = List.copyOf(events);
        deadLetters = List.copyOf(deadLetters);
    }

    /** The newest event's number, or 0. */
    public long lastEventSeq() {
        return events.isEmpty() ? 0 : events.get(0).seq();
    }

    /** The newest dead letter's number, or 0. */
    public long lastDeadLetterSeq() {
        return deadLetters.isEmpty() ? 0 : deadLetters.get(0).seq();
    }
}
