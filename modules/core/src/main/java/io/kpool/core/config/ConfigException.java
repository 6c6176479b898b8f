package io.kpool.core.config;

/**
 * A setting that cannot be used. The message names the setting (as the user wrote it, e.g.
 * {@code --workers}), the rule and the value: {@code --workers must be at least 1, but was 0}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(key + " " + message);
        this.key = key;
    }

    /** The setting at fault, e.g. {@code --workers}. */
    public String key() {
        return key;
    }
}
