package io.kpool.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import org.slf4j.LoggerFactory;

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
 *
 * <p>With {@code kpool.log.format=json} ({@code KPOOL_LOG_FORMAT=json}) every line is one JSON object
 * (logback's {@link JsonEncoder}): {@code timestamp}, {@code level}, {@code loggerName},
 * {@code formattedMessage} (the line's text), {@code throwable}; the process's {@code role} (and a worker's {@code slot} and
 * {@code incarnation}) under {@code context.properties}; the job a worker is running as {@code jobId}
 * under {@code mdc}.
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
        String role = System.getProperty("kpool.log.role");
        if (role != null) {
            context.putProperty("role", role);
        }
        Encoder<ILoggingEvent> encoder = json() ? jsonEncoder(context) : textEncoder(context);
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

    /** Whether lines are JSON objects ({@code KPOOL_LOG_FORMAT=json}). */
    static boolean json() {
        return "json".equalsIgnoreCase(System.getProperty("kpool.log.format"));
    }

    /**
     * Adds a field to every line from now on ({@code context.properties} in JSON), e.g. a worker's slot
     * once it knows it.
     */
    static void identify(String key, Object value) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.putProperty(key, String.valueOf(value));
        }
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
