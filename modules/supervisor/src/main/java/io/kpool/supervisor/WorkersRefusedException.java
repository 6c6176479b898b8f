package io.kpool.supervisor;

/**
 * A supervisor stopped because a worker (or a spare) exited with status 2: a setting kpool or
 * Kafka refuses, such as denied credentials or ACLs. The message quotes the worker's last line.
 */
public final class WorkersRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WorkersRefusedException(String message) {
        super(message);
    }
}
