package io.kpool.embedded;

/** The embedded broker could not start; the message names what was at fault. */
public final class EmbeddedKafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
