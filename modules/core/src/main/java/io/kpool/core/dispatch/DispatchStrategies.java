package io.kpool.core.dispatch;

import io.kpool.core.config.ConfigException;
import java.util.List;

/** The strategies users can choose by name. */
public final class DispatchStrategies {

    private DispatchStrategies() {
    }

    /** Every strategy name. */
    public static List<String> names() {
        return List.of(RoundRobin.NAME, LeastBusy.NAME);
    }

    /**
     * A new strategy of that name.
     *
     * @param key the setting that named it, e.g. {@code --dispatch}
     */
    public static DispatchStrategy named(String key, String name) {
        return switch (name) {
            case RoundRobin.NAME -> new RoundRobin();
            case LeastBusy.NAME -> new LeastBusy();
            default -> throw new ConfigException(key,
                    "must be one of " + String.join(", ", names()) + ", but was '" + name + "'");
        };
    }
}
