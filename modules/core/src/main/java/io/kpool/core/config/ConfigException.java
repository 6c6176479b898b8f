package io.kpool.core.config;

/**
 * A setting that cannot be used. The message names the setting, the rule and the value:
 * {@code maxRestarts must be between 0 and 1000000, but was -1}. A config record names its
 * settings by its own names ({@code maxRestarts}); the command line says them to the user as the
 * flags they typed ({@code --max-restarts}). Code that reads a flag itself names the flag.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String rule;

    /**
     * @param key     the setting at fault
     * @param message what is wrong with it, without its name: the rule and the value
     */
    public ConfigException(String key, String message) {
        super(key + " " + message);
        this.key = key;
        this.rule = message;
    }

    /** The setting at fault: a config's own name ({@code maxRestarts}) or a flag ({@code --workers}). */
    public String key() {
        return key;
    }

    /** What is wrong with the setting: the rule and the value, without its name. */
    public String rule() {
        return rule;
    }
}
