package io.kpool.transport.security;

/**
 * Kafka refused this client: its credentials, its certificate, its ACLs, or the way it connects
 * (plain text to a TLS listener). The message says what failed, in one line; a command stops with
 * it and exit status 2, since trying again with the same settings would be refused again.
 */
public final class KafkaRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
