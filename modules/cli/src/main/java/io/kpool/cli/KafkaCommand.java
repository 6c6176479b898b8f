package io.kpool.cli;

import io.kpool.transport.KafkaSettings;

/**
 * A command that reaches Kafka by settings of its own (not the {@link KafkaOptions} mixin), so that
 * a refusal can be explained with them.
 */
interface KafkaCommand {

    /** The settings it was using, or null before it had any. */
    KafkaSettings kafkaSettings();
}
