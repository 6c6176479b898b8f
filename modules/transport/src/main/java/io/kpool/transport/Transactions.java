package io.kpool.transport;

import io.kpool.transport.security.KafkaRefusal;
import io.kpool.transport.security.KafkaRefusedException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/** Starting a transactional producer, with a refusal of its transactional id said by name. */
public final class Transactions {

    private Transactions() {
    }

    /**
     * {@link Producer#initTransactions()}: fences older producers of the same transactional id.
     *
     * @throws KafkaRefusedException naming the transactional id when the ACLs do not allow it
     */
    public static void init(Producer<?, ?> producer, String transactionalId, KafkaSettings kafka) {
        try {
            producer.initTransactions();
        } catch (TransactionalIdAuthorizationException e) {
            String who = kafka.client().saslUser().map(u -> "user '" + u + "'").orElse("this client's principal");
            throw new KafkaRefusedException("Kafka at " + kafka.bootstrap() + " denied " + who
                    + " the transactional id " + transactionalId + ": " + KafkaRefusal.ACL_HINT, e);
        }
    }
}
