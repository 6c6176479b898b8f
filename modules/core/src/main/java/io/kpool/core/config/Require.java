package io.kpool.core.config;

import java.time.Duration;

/** Argument checks for settings; each failure is a {@link ConfigException} naming key, rule and value. */
public final class Require {

    private Require() {
    }

    public static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new ConfigException(key, "must be at least " + min + ", but was " + value);
        }
        return value;
    }

    public static long atLeast(String key, long value, long min) {
        if (value < min) {
            throw new ConfigException(key, "must be at least " + min + ", but was " + value);
        }
        return value;
    }

    public static int between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", but was " + value);
        }
        return value;
    }

    public static Duration positive(String key, Duration value) {
        notNull(key, value);
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(key, "must be a positive duration, but was " + Durations.format(value));
        }
        return value;
    }

    public static Duration notNegative(String key, Duration value) {
        notNull(key, value);
        if (value.isNegative()) {
            throw new ConfigException(key, "cannot be negative, but was " + Durations.format(value));
        }
        return value;
    }

    public static String notBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "cannot be blank");
        }
        return value;
    }

    public static <T> T notNull(String key, T value) {
        if (value == null) {
            throw new ConfigException(key, "cannot be null");
        }
        return value;
    }
}
