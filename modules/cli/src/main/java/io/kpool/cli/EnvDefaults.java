package io.kpool.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * Supplies an option's default: from the environment first ({@code --foo-bar} reads
 * {@code KPOOL_FOO_BAR}), then from {@link OptionDefaults}. The environment is a map, so tests
 * pass their own instead of changing the process's.
 */
final class EnvDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> env;
    private final Map<String, String> defaults = OptionDefaults.table();

    EnvDefaults(Map<String, String> env) {
        this.env = env;
    }

    /** The variable that sets an option, e.g. {@code KPOOL_HEARTBEAT_TIMEOUT} for {@code --heartbeat-timeout}. */
    static String variable(String longName) {
        return "KPOOL_" + longName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (argSpec instanceof CommandLine.Model.OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
            String value = env.get(variable(option.longestName()));
            if (value != null && !value.isBlank()) {
                return value;
            }
            String fallback = defaults.get(option.longestName());
            if (fallback != null) {
                return fallback;
            }
        }
        return argSpec.defaultValue();
    }
}
