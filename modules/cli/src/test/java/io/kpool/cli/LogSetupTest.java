package io.kpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    @AfterEach
    void clear() {
        System.clearProperty("kpool.log.level");
        System.clearProperty("kpool.log.kafka");
    }

    @Test
    void aClientCommandLeavesKafkasOwnAccountOfAFailureToItsOneLine() {
        System.setProperty("kpool.log.kafka", "OFF");
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        setup.configure(context);

        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("org.apache.kafka.clients.admin.internals.AdminMetadataManager")
                .getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("io.kpool").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void kpoolLogsAtItsLevelKafkaAtWarnTheBrokerOnlyOnError() {
        System.setProperty("kpool.log.level", "DEBUG");
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);

        assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger("io.kpool.worker.Worker").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.apache.kafka.clients.consumer.KafkaConsumer").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("kafka.server.KafkaRaftServer").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
        assertThat(context.getLogger("some.library").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("err")).isNotNull();
    }

    @Test
    void aLevelThatIsNoLevelMeansInfo() {
        System.setProperty("kpool.log.level", "chatty");
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        setup.configure(context);

        assertThat(context.getLogger("io.kpool").getEffectiveLevel()).isEqualTo(Level.INFO);
    }
}
