package io.kpool.it;

import io.kpool.embedded.EmbeddedKafka;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded Kafka broker for the whole test run (on a free port, in a temporary
 * directory), stopped when the run ends. Each test isolates itself with a fresh topic prefix.
 */
public final class SharedBroker implements BeforeAllCallback {

    private static volatile EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedBroker.class, k -> {
                    kafka = EmbeddedKafka.start(0, null);
                    return (ExtensionContext.Store.CloseableResource) () -> kafka.close();
                });
    }

    /** {@code localhost:<port>} of the shared broker. */
    public static String bootstrap() {
        if (kafka == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedBroker.class)");
        }
        return kafka.bootstrap();
    }
}
