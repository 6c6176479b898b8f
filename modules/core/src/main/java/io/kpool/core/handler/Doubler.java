package io.kpool.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The seed's worker: a job {@code n} yields {@code 2n}. Like Gleam's {@code let assert n >= 0}, it
 * does not defend: a negative number (or anything that is not an integer) crashes it.
 */
public final class Doubler implements JobHandler {

    public static final String NAME = "double";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> refuse(JsonNode payload) {
        return payload != null && payload.isIntegralNumber() ? Optional.empty()
                : Optional.of("double takes an integer payload, but was " + describe(payload));
    }

    static String describe(JsonNode payload) {
        if (payload == null || payload.isNull()) {
            return "null";
        }
        String text = payload.toString();
        return payload.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    @Override
    public JsonNode handle(JsonNode payload) {
        if (payload == null || !payload.isIntegralNumber()) {
            throw new IllegalArgumentException("let it crash: payload must be an integer, but was " + payload);
        }
        BigInteger n = payload.bigIntegerValue();
        if (n.signum() < 0) {
            throw new IllegalArgumentException("let it crash: payload must not be negative, but was " + n);
        }
        BigInteger doubled = n.shiftLeft(1);
        return doubled.bitLength() < Long.SIZE
                ? JsonNodeFactory.instance.numberNode(doubled.longValue())
                : JsonNodeFactory.instance.numberNode(doubled);
    }
}
