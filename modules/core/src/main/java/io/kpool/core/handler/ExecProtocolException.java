package io.kpool.core.handler;

/**
 * A process handler broke the protocol (or answered {@code error}): the worker's crash. The
 * message says what the child did, to follow "handler process ... " in the crash report.
 */
public final class ExecProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecProtocolException(String message) {
        super(message);
    }
}
