package io.kpool.transport;

/** Kafka could not be reached, or did not answer in time. The message names the bootstrap address. */
public final class KafkaUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
