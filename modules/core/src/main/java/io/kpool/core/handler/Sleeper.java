package io.kpool.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Sleeps for {@code payload} milliseconds and returns the payload: a stand-in for slow work, for
 * trying least-busy dispatch and timeouts. A payload that is not a non-negative integer crashes it.
 */
public final class Sleeper implements JobHandler {

    public static final String NAME = "sleep";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> refuse(JsonNode payload) {
        return payload != null && payload.isIntegralNumber() && payload.canConvertToLong() && payload.longValue() >= 0
                ? Optional.empty()
                : Optional.of("sleep takes milliseconds, an integer >= 0, but was " + Doubler.describe(payload));
    }

    @Override
    public JsonNode handle(JsonNode payload) throws InterruptedException {
        if (payload == null || !payload.canConvertToLong() || !payload.isIntegralNumber() || payload.longValue() < 0) {
            throw new IllegalArgumentException("let it crash: payload must be milliseconds >= 0, but was " + payload);
        }
        Thread.sleep(payload.longValue());
        return payload;
    }
}
