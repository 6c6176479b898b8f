package io.kpool.dashboard;

import io.kpool.core.config.ConfigException;
import io.kpool.core.config.Durations;
import io.kpool.core.config.Require;
import java.time.Duration;

/**
 * How much a dashboard keeps and how often it speaks; immutable, checked once. Start from
 * {@link #ofDefaults()} and change what you need: {@code DashboardSettings.ofDefaults().withWindow(Duration.ofMinutes(10))}.
 *
 * @param events      the most recent events kept and shown (most recent first)
 * @param deadLetters the most recent dead letters kept and shown
 * @param window      how far back the throughput and latency chart reaches
 * @param refresh     how often the state is sent to each page; lifecycle changes (a crash, a restart, a
 *                    dead letter) are sent at once, at most ten times a second
 * @param maxClients  the most pages following at once; one more is turned away (503)
 */
public record DashboardSettings(int events, int deadLetters, Duration window, Duration refresh, int maxClients) {

    /** The longest chart: an hour of one-second points. */
    public static final Duration MAX_WINDOW = Duration.ofHours(1);

    public DashboardSettings {
        Require.between("events", events, 1, 10_000);
        Require.between("deadLetters", deadLetters, 1, 10_000);
        Require.notNull("window", window);
        if (window.compareTo(Duration.ofSeconds(10)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new ConfigException("window",
                    "must be between 10s and 1h, but was " + Durations.format(window));
        }
        Require.positive("refresh", refresh);
        Require.between("maxClients", maxClients, 1, 1_000);
    }

    /** 200 events, 50 dead letters, a 5-minute chart, the state every second, up to 32 pages. */
    public static DashboardSettings ofDefaults() {
        return new DashboardSettings(200, 50, Duration.ofMinutes(5), Duration.ofSeconds(1), 32);
    }

    /** The same, with a chart reaching {@code window} back. */
    public DashboardSettings withWindow(Duration window) {
        return new DashboardSettings(events, deadLetters, window, refresh, maxClients);
    }

    /** The same, keeping {@code events} events and {@code deadLetters} dead letters. */
    public DashboardSettings withKept(int events, int deadLetters) {
        return new DashboardSettings(events, deadLetters, window, refresh, maxClients);
    }

    /** The same, sending the state every {@code refresh}. */
    public DashboardSettings withRefresh(Duration refresh) {
        return new DashboardSettings(events, deadLetters, window, refresh, maxClients);
    }

    /** The same, serving at most {@code maxClients} pages at once. */
    public DashboardSettings withMaxClients(int maxClients) {
        return new DashboardSettings(events, deadLetters, window, refresh, maxClients);
    }

    /** The chart's points: one a second. */
    public int points() {
        return (int) window.toSeconds();
    }
}
