package io.kpool.bench.peer;

import io.kpool.bench.Failover;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover of a ready peer pool: while jobs flow at a steady rate, SIGKILL one member (and, for
 * static membership, start it again at once under the same static id), then time from the kill
 * until every input partition has results again for jobs written after the member died, as a
 * {@code read_committed} reader downstream sees them.
 */
final class PeerFailover {

    private static final Logger log = LoggerFactory.getLogger(PeerFailover.class);

    /** Jobs per second while the member is killed. */
    static final int RATE = 500;

    private PeerFailover() {
    }

    /**
     * Milliseconds from the kill until every input partition flows again, or null if that did not
     * happen within {@code timeout} (or the flow never became steady).
     *
     * @param victim        the member to kill
     * @param restartWithId the static id to restart the victim with at once, or null to leave it dead
     */
    static Long measure(Admin admin, PeerTopics topics, PeerMembers members, PeerInput input, PeerOutputs outputs,
                        int victim, String restartWithId, Duration timeout) throws InterruptedException {
        String what = restartWithId != null ? "static membership, restarted" : "default settings, not restarted";
        try (PeerFeed feed = PeerFeed.start(input, RATE)) {
            if (!awaitFlow(topics, outputs, timeout)) {
                return null;
            }
            long killedAt = members.kill(victim);
            if (restartWithId != null) {
                members.start(victim, restartWithId);
            }
            Map<Integer, Long> ends = topics.inputEnds(admin);
            Map<Integer, Long> visible = new TreeMap<>();
            Map<Integer, Long> resumed = new TreeMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (visible.size() < topics.partitions() && System.nanoTime() < deadline) {
                for (PeerOutputs.Output output : outputs.poll(Duration.ofMillis(100))) {
                    Long end = ends.get(output.in());
                    if (end != null && output.off() >= end && !visible.containsKey(output.in())) {
                        visible.put(output.in(), output.readMs() - killedAt);
                        resumed.put(output.in(), output.writtenMs() - killedAt);
                    }
                }
            }
            log.info("failover ({}): per input partition, ms after the kill to the first result written {} "
                    + "and read (committed) {}", what, resumed, visible);
            if (visible.size() < topics.partitions()) {
                log.error("failover ({}): only partitions {} of {} flowed again within {}", what, visible.keySet(),
                        topics.partitions(), timeout);
                return null;
            }
            long ms = visible.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            log.info("failover ({}): every partition flows again {} ms after the kill", what, ms);
            return ms;
        }
    }

    /** Waits until results of the steady flow come from every input partition. */
    private static boolean awaitFlow(PeerTopics topics, PeerOutputs outputs, Duration timeout) {
        Set<Integer> flowing = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (flowing.size() < topics.partitions() && System.nanoTime() < deadline) {
            for (PeerOutputs.Output output : outputs.poll(Duration.ofMillis(100))) {
                if (output.key() != null && output.key().startsWith("flow-")) {
                    flowing.add(output.in());
                }
            }
        }
        if (flowing.size() < topics.partitions()) {
            log.error("the steady flow never reached every partition within {} (only {})", timeout, flowing);
            return false;
        }
        return true;
    }
}
