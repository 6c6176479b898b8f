package io.kpool.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * kpool's logging, set up in code rather than from an XML file: a worker then loads no XML parser
 * and no configuration framework (about 600 classes fewer, a few MB less memory in every worker).
 * kpool's own messages go to stderr at {@code kpool.log.level} ({@code KPOOL_LOG_LEVEL}; INFO for the
 * roles, WARN for client commands), Kafka's clients at WARN, the embedded broker's internals only on
 * ERROR. A client command ({@code submit}, {@code status}, ...) sets {@code kpool.log.kafka=OFF}
 * unless {@code KPOOL_LOG_LEVEL} is given: it says what failed in one line of its own, and Kafka's
 * account of the same failure (a stack trace for a refused certificate) would bury it. A
 * {@code logback.configurationFile} system property, or a {@code logback-test.xml} on the class
 * path, takes over instead.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    private static final Map<String, Level> LEVELS = Map.ofEntries(
            Map.entry("org.apache.kafka", Level.WARN),
            Map.entry("org.apache.kafka.clients.NetworkClient", Level.ERROR),
            // "Skipping return offset ... UNSTABLE_OFFSET_COMMIT": a worker asks again (WorkerClients)
            Map.entry("org.apache.kafka.clients.admin.internals.ListConsumerGroupOffsetsHandler", Level.ERROR),
            Map.entry("org.apache.kafka.controller", Level.ERROR),
            Map.entry("org.apache.kafka.server", Level.ERROR),
            Map.entry("org.apache.kafka.raft", Level.ERROR),
            Map.entry("org.apache.kafka.image", Level.ERROR),
            Map.entry("org.apache.kafka.metadata", Level.ERROR),
            Map.entry("org.apache.kafka.storage", Level.ERROR),
            Map.entry("org.apache.kafka.coordinator", Level.ERROR),
            Map.entry("kafka", Level.ERROR),
            Map.entry("state.change.logger", Level.ERROR));

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> err = new ConsoleAppender<>();
        err.setContext(context);
        err.setName("err");
        err.setTarget("System.err");
        err.setEncoder(encoder);
        err.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(err);
        context.getLogger("io.kpool").setLevel(Level.toLevel(System.getProperty("kpool.log.level"), Level.INFO));
        if ("OFF".equalsIgnoreCase(System.getProperty("kpool.log.kafka"))) {
            context.getLogger("org.apache.kafka").setLevel(Level.OFF);
            context.getLogger("kafka").setLevel(Level.OFF);
        } else {
            LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
