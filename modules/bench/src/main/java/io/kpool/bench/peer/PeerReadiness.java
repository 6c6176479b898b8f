package io.kpool.bench.peer;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until a peer pool is ready to measure: its group is stable with every member holding
 * partitions, and then a probe sent to every input partition comes back as a committed result. The
 * probes pace the wait (each round waits on real results), so nothing sleeps.
 */
public final class PeerReadiness {

    private static final Logger log = LoggerFactory.getLogger(PeerReadiness.class);

    private PeerReadiness() {
    }

    /** True when ready within {@code timeout}; false (logged) otherwise. */
    public static boolean await(Admin admin, PeerTopics topics, PeerMembers members, int expected, PeerInput input,
                         PeerOutputs outputs, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (int round = 0; System.nanoTime() < deadline; round++) {
            boolean completeBefore = members.groupComplete(admin, expected);
            if (!probe(topics, input, outputs, round, deadline)) {
                break;
            }
            if (completeBefore) {
                log.info("group {} stable with {} members, probes answered: ready after {} ms", topics.group(),
                        expected, (System.nanoTime() - start) / 1_000_000);
                return true;
            }
        }
        log.error("group {} not ready with {} members within {}", topics.group(), expected, timeout);
        return false;
    }

    /** Sends one probe to every input partition and waits for all their results. */
    private static boolean probe(PeerTopics topics, PeerInput input, PeerOutputs outputs, int round, long deadline) {
        Set<String> waiting = new HashSet<>();
        for (int p = 0; p < topics.partitions(); p++) {
            String key = "probe-" + round + "-" + p;
            waiting.add(key);
            input.sendTo(p, key, 0);
        }
        input.flush();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (PeerOutputs.Output output : outputs.poll(Duration.ofMillis(200))) {
                waiting.remove(output.key());
            }
        }
        return waiting.isEmpty();
    }
}
