package io.kpool.worker;

/**
 * The job handler (or the decoding of the task it was given) failed: the worker's crash, the one
 * kpool is built around. Carries the handler's exception as its cause, so that whoever ends the
 * process can tell it from a failure of Kafka or of kpool's own settings.
 */
public final class HandlerFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public HandlerFailedException(Exception cause) {
        super(cause.toString(), cause);
    }
}
