package io.kpool.core.handler;

import io.kpool.core.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The handlers a pool serves by name: the Java handlers (built in and on the class path) and those
 * of a handlers file ({@code --handlers-file}), a properties file of {@code name = definition}
 * where a definition is {@code exec:<command>} or the name of a Java handler:
 *
 * <pre>
 * resize = exec:python3 handlers/resize.py
 * twice  = double
 * </pre>
 *
 * A job selects a handler by name; it can never name a command itself ({@code "handler":
 * "exec:..."}), so only the operator decides what runs on the workers. Immutable.
 */
public final class HandlerCatalog {

    /** The name of the handlers setting in its errors (the command line says it as its flag). */
    public static final String KEY = "handlers";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final HandlerCatalog NONE = new HandlerCatalog(null, Map.of());

    private final Path file;
    private final Map<String, HandlerDefinition> named;

    private HandlerCatalog(Path file, Map<String, HandlerDefinition> named) {
        this.file = file;
        this.named = named;
    }

    /** The Java handlers only (no handlers file). */
    public static HandlerCatalog none() {
        return NONE;
    }

    /**
     * Reads a handlers file.
     *
     * @param file the file, or null for {@link #none()}
     * @throws ConfigException naming the file (and the key and value at fault) when it cannot be used
     */
    public static HandlerCatalog load(Path file) {
        if (file == null) {
            return NONE;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(KEY, "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> entries = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> entries.put(k, properties.getProperty(k)));
        return of(file.toAbsolutePath(), entries);
    }

    /**
     * A catalog of these entries, checked: each name is a word of letters, digits, {@code .},
     * {@code _} and {@code -} that no Java handler has, and each definition is {@code exec:<command>}
     * or a Java handler's name.
     *
     * @param file where the entries come from, for the errors and for passing on to workers
     */
    public static HandlerCatalog of(Path file, Map<String, String> entries) {
        Map<String, HandlerDefinition> named = new LinkedHashMap<>();
        new TreeMap<>(entries).forEach((name, value) -> {
            String at = file + ": '" + name + "'";
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(KEY, at + " is not a handler name: use letters, digits, '.', '_' and '-'");
            }
            if (JobHandlers.find(name).isPresent()) {
                throw new ConfigException(KEY, at + " is the name of the Java handler " + name
                        + ": give the entry another name");
            }
            String definition = value == null ? "" : value.strip();
            if (ExecCommand.defines(definition)) {
                named.put(name, ExecCommand.parse(KEY, name, definition));
            } else if (definition.isEmpty()) {
                throw new ConfigException(KEY, at + " needs exec:<command> or a Java handler's name, but was empty");
            } else {
                JobHandler handler = JobHandlers.find(definition).orElseThrow(() -> new ConfigException(KEY,
                        at + " needs exec:<command> or a Java handler's name (" + String.join(", ", JobHandlers.names())
                                + "), but was '" + definition + "'"));
                named.put(name, new HandlerDefinition.Java(name, handler));
            }
        });
        return new HandlerCatalog(file, Collections.unmodifiableMap(named));
    }

    /** The handlers file, when there is one (as an absolute path). */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The names the handlers file defines. */
    public java.util.Set<String> names() {
        return named.keySet();
    }

    /**
     * The pool's default handler, the one of jobs that name none: {@code exec:<command>}, a name from
     * the handlers file, or a Java handler's name.
     *
     * @param key the setting it came from, for the error (e.g. {@code --handler})
     * @throws ConfigException naming the key, the value and the handlers known when it names none
     */
    public HandlerDefinition defaultHandler(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, "cannot be blank");
        }
        if (ExecCommand.defines(value)) {
            return ExecCommand.parse(key, value, value);
        }
        return find(value).orElseThrow(() -> new ConfigException(key, "names no known handler: '" + value
                + "' (known: " + String.join(", ", known()) + "; or exec:<command> for a process handler)"));
    }

    /**
     * The handler a job names: one of the handlers file, else a Java handler. Never a command
     * ({@code exec:...}): a job does not choose what runs on the workers.
     */
    public Optional<HandlerDefinition> find(String name) {
        if (name == null || ExecCommand.defines(name)) {
            return Optional.empty();
        }
        HandlerDefinition definition = named.get(name);
        if (definition != null) {
            return Optional.of(definition);
        }
        return JobHandlers.find(name).map(h -> new HandlerDefinition.Java(h.name(), h));
    }

    private java.util.List<String> known() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(JobHandlers.names());
        all.addAll(named.keySet());
        return java.util.List.copyOf(all);
    }

    @Override
    public String toString() {
        return file == null ? "no handlers file" : file + " " + named.keySet();
    }
}
