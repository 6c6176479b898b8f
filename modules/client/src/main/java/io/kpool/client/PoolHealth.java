package io.kpool.client;

import io.kpool.core.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether each slot of a pool is well, judged from the rows {@link StatusReader} reads: what
 * {@code kpool status --check} answers for scripts and probes. Pure.
 *
 * <p>A slot is unwell when it is
 * <ul>
 *   <li><b>quarantined</b>: its state is {@code gave_up} ({@code --on-limit quarantine} parked it);</li>
 *   <li><b>over_limit</b>: its restarts within the intensity window are more than its supervisor allows;</li>
 *   <li><b>down</b>: it takes no jobs (stopped, restarting, starting, stopping), unless quarantined;</li>
 *   <li><b>silent</b>: it takes jobs, but the last heartbeat of its current incarnation is older than the
 *       heartbeat timeout, or none was seen;</li>
 *   <li><b>supervisor_silent</b>: it takes jobs by its last state, but its supervisor, which republishes
 *       that state every second, has published nothing for {@link #SUPERVISOR_SILENCE} (gone?). A slot
 *       that is down says so already: a supervisor that stopped leaves its slots down and silent.</li>
 * </ul>
 */
public final class PoolHealth {

    /** A supervisor republishes its slots' states every second; this much silence means trouble. */
    public static final Duration SUPERVISOR_SILENCE = Duration.ofSeconds(5);

    /**
     * One unwell slot.
     *
     * @param workerId the slot
     * @param kinds    what is wrong: {@code quarantined}, {@code over_limit}, {@code down}, {@code silent},
     *                 {@code supervisor_silent}
     * @param detail   what is wrong, for a person
     */
    public record Problem(int workerId, List<String> kinds, String detail) {

        public Problem {
            kinds = List.copyOf(kinds);
        }

        /** {@code worker 1: down (state restarting, last exit: signal KILL)}. */
        public String line() {
            return "worker " + workerId + ": " + detail;
        }
    }

    private PoolHealth() {
    }

    /**
     * The unwell slots, by slot id; empty when every slot is well.
     *
     * @param heartbeatTimeout the silence after which a slot that takes jobs is silent (the pool's
     *                         {@code --heartbeat-timeout})
     */
    public static List<Problem> check(List<WorkerRow> rows, Duration heartbeatTimeout) {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        List<Problem> problems = new ArrayList<>();
        for (WorkerRow row : rows) {
            List<String> kinds = new ArrayList<>();
            List<String> details = new ArrayList<>();
            boolean quarantined = "gave_up".equals(row.state());
            if (quarantined) {
                kinds.add("quarantined");
                details.add("quarantined (state gave_up, " + row.recentRestarts() + " restarts within the intensity window"
                        + lastExit(row) + ")");
            } else if (row.overLimit()) {
                kinds.add("over_limit");
                details.add("over its restart limit (" + row.recentRestarts() + " restarts within the intensity window)");
            }
            if (!row.alive() && !quarantined) {
                kinds.add("down");
                details.add("down (state " + row.state() + lastExit(row) + ")");
            }
            if (row.alive()) {
                Long age = row.heartbeatAgeMs();
                if (age == null) {
                    kinds.add("silent");
                    details.add("silent: no heartbeat from its incarnation " + row.incarnation() + " seen");
                } else if (age > heartbeatTimeout.toMillis()) {
                    kinds.add("silent");
                    details.add("silent: last heartbeat " + age(age) + " ago, over the heartbeat timeout of "
                            + Durations.format(heartbeatTimeout));
                }
            }
            if (row.alive() && row.stateAgeMs() > SUPERVISOR_SILENCE.toMillis()) {
                kinds.add("supervisor_silent");
                details.add("its supervisor " + row.supervisor() + " (on " + row.host() + ") has published nothing for "
                        + age(row.stateAgeMs()) + " (gone?)");
            }
            if (!kinds.isEmpty()) {
                problems.add(new Problem(row.workerId(), kinds, String.join("; ", details)));
            }
        }
        return problems;
    }

    private static String lastExit(WorkerRow row) {
        return row.lastExit() == null ? "" : ", last exit: " + row.lastExit();
    }

    /** {@code 850 ms}, {@code 12 s}. */
    static String age(long ms) {
        return ms < 10_000 ? ms + " ms" : ms / 1000 + " s";
    }
}
