package io.kpool.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A handler that runs as a child process of the worker, written {@code exec:<command>}, e.g.
 * {@code exec:python3 examples/double.py}. The command is split into words at blanks; single or
 * double quotes keep blanks inside a word ({@code exec:python3 'my handler.py'}). No shell runs it:
 * no variables, globs or pipes.
 *
 * @param name    the name jobs select it by: a handlers file's key, or the definition itself when it
 *                is the pool's {@code --handler}
 * @param command the command as written, after {@code exec:}
 * @param argv    the program and its arguments
 */
public record ExecCommand(String name, String command, List<String> argv) implements HandlerDefinition {

    /** What a process handler's definition starts with. */
    public static final String PREFIX = "exec:";

    public ExecCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv cannot be empty");
        }
    }

    /** Whether a handler setting defines a process handler ({@code exec:...}). */
    public static boolean defines(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /**
     * Reads {@code exec:<command>}.
     *
     * @param key   the setting it came from, for the error (e.g. {@code --handler})
     * @param name  the name jobs select it by
     * @param value the definition, {@code exec:...}
     * @throws ConfigException naming the key and the value when there is no command or a quote is open
     */
    public static ExecCommand parse(String key, String name, String value) {
        if (!defines(value)) {
            throw new ConfigException(key, "must start with " + PREFIX + ", but was '" + value + "'");
        }
        String command = value.substring(PREFIX.length()).strip();
        List<String> argv = split(command);
        if (argv == null) {
            throw new ConfigException(key, "has a quote that is not closed: '" + value + "'");
        }
        if (argv.isEmpty()) {
            throw new ConfigException(key, "needs a command after exec:, such as 'exec:python3 examples/double.py', "
                    + "but was '" + value + "'");
        }
        return new ExecCommand(name, command, argv);
    }

    /** The words of a command, or null when a quote is not closed. */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            return null;
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    @Override
    public Optional<String> refuse(JsonNode payload) {
        return Optional.empty();
    }
}
