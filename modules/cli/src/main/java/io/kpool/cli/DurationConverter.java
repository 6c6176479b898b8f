package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import io.kpool.core.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads {@code 500ms}, {@code 3s}, {@code 2m}; picocli adds the option's name to the error. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse("", value);
        } catch (ConfigException e) {
            throw new CommandLine.TypeConversionException(e.getMessage().trim());
        }
    }
}
