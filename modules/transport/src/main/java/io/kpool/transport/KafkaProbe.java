package io.kpool.transport;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Asks whether any broker answers at the bootstrap address, so a command can fail fast and say so. */
public final class KafkaProbe {

    /** How long a command waits for Kafka to answer before it says none does. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private KafkaProbe() {
    }

    /**
     * Returns when a broker answers within {@code timeout}.
     *
     * @throws KafkaUnavailableException naming the address otherwise
     */
    public static void requireReachable(KafkaSettings kafka, Duration timeout) {
        var props = kafka.admin("kpool-probe");
        props.put("request.timeout.ms", (int) timeout.toMillis());
        props.put("default.api.timeout.ms", (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("no Kafka answers at " + kafka.bootstrap() + " (waited "
                    + timeout.toSeconds() + " s): start one with ./kpool up, or name yours with --bootstrap HOST:PORT", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while looking for Kafka at " + kafka.bootstrap(), e);
        }
    }
}
