package io.kpool.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 250ms}, {@code 3s}, {@code 2m}, {@code 1h}, or ISO-8601 {@code PT3S}. */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Reads a duration.
     *
     * @param key   the setting being read, for the error message
     * @param value the text, e.g. {@code 500ms}
     */
    public static Duration parse(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "needs a duration such as 500ms, 3s or 2m, but was empty");
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SIMPLE.matcher(text);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "is too large a duration: '" + value + "'");
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new ConfigException(key, "needs a duration such as 500ms, 3s or 2m, but was '" + value + "'");
    }

    /** The shortest exact form: {@code 500ms}, {@code 3s}, {@code 2m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
