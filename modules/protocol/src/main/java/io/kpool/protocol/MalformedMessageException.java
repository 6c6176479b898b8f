package io.kpool.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;

/** A message on a kpool topic that is not the JSON its topic requires. */
public final class MalformedMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedMessageException(String expected, Throwable cause) {
        super("not a valid " + expected + ": " + describe(cause), cause);
    }

    MalformedMessageException(String expected, String detail) {
        super("not a valid " + expected + ": " + detail);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof JsonProcessingException json) {
            String where = json.getLocation() == null ? ""
                    : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
            return json.getOriginalMessage() + where;
        }
        return String.valueOf(cause.getMessage());
    }
}
