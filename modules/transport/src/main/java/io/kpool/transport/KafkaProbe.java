package io.kpool.transport;

import io.kpool.transport.security.KafkaRefusal;
import io.kpool.transport.security.KafkaRefusedException;
import io.kpool.transport.security.ListenerProbe;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks whether any broker answers at the bootstrap address, so a command can fail fast and say so:
 * that none answers, or that Kafka refused this client (its credentials, its certificate), or that
 * the listener speaks TLS or SASL and this client does not.
 */
public final class KafkaProbe {

    /** How long a command waits for Kafka to answer before it says none does. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private static final Duration SNIFF = Duration.ofSeconds(3);

    private KafkaProbe() {
    }

    /**
     * Returns when a broker answers within {@code timeout}.
     *
     * @throws KafkaRefusedException     when Kafka refused this client, or speaks another protocol
     * @throws KafkaUnavailableException naming the address otherwise
     */
    public static void requireReachable(KafkaSettings kafka, Duration timeout) {
        requireSameProtocol(kafka);
        var props = kafka.admin("kpool-probe");
        props.put("request.timeout.ms", (int) timeout.toMillis());
        props.put("default.api.timeout.ms", (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Optional<String> refused = KafkaRefusal.describe(e, kafka).or(() -> diagnose(kafka));
            if (refused.isPresent()) {
                throw new KafkaRefusedException(refused.get(), e.getCause() != null ? e.getCause() : e);
            }
            throw new KafkaUnavailableException("no Kafka answers at " + kafka.bootstrap() + " (waited "
                    + timeout.toSeconds() + " s): start one with ./kpool up, or name yours with --bootstrap HOST:PORT", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while looking for Kafka at " + kafka.bootstrap(), e);
        }
    }

    /**
     * For a client without TLS, asks the listeners first what they speak: such a client at a TLS
     * listener takes the first bytes of a TLS record for the size of a response (hundreds of MB),
     * runs out of memory in its network thread, and then only times out.
     *
     * @throws KafkaRefusedException when a listener speaks TLS (or SASL) and this client does not
     */
    public static void requireSameProtocol(KafkaSettings kafka) {
        String protocol = kafka.client().securityProtocol();
        if (protocol.equals("SSL") || protocol.equals("SASL_SSL")) {
            return;
        }
        Optional<String> mismatch = diagnose(kafka);
        if (mismatch.isPresent()) {
            throw new KafkaRefusedException(mismatch.get(), null);
        }
    }

    /**
     * Why a client with these settings gets no answer, when it is the way it connects: a listener
     * that speaks TLS or SASL to a client that does not, or the other way round. Empty when the
     * listeners agree with the client, or none answers at all.
     */
    public static Optional<String> diagnose(KafkaSettings kafka) {
        for (String server : kafka.bootstrap().split(",")) {
            int colon = server.lastIndexOf(':');
            String host = server.substring(0, colon).trim();
            int port = Integer.parseInt(server.substring(colon + 1).trim());
            ListenerProbe.Speaks speaks = ListenerProbe.sniff(host, port, SNIFF);
            Optional<String> mismatch = ListenerProbe.mismatch(server.trim(), kafka.client().securityProtocol(), speaks);
            if (mismatch.isPresent()) {
                return mismatch;
            }
        }
        return Optional.empty();
    }
}
