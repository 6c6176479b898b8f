package io.kpool.core.handler;

import io.kpool.core.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds a {@link JobHandler} by name among the built-ins and those on the class path. */
public final class JobHandlers {

    private JobHandlers() {
    }

    /**
     * The handler of that name.
     *
     * @param key the setting that named it (for the error), e.g. {@code --handler}
     * @throws ConfigException naming the known handlers when none has that name
     */
    public static JobHandler named(String key, String name) {
        for (JobHandler handler : all()) {
            if (handler.name().equals(name)) {
                return handler;
            }
        }
        throw new ConfigException(key, "names no known handler: '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** The handler of that name, if there is one. */
    public static java.util.Optional<JobHandler> find(String name) {
        return all().stream().filter(h -> h.name().equals(name)).findFirst();
    }

    /** Every handler name known here, sorted. */
    public static List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        all().forEach(h -> names.add(h.name()));
        return List.copyOf(names);
    }

    /**
     * The handlers, found once: the dispatcher looks up a handler for every job, and a class-path
     * scan per job cost it about a fifth of its time.
     */
    private static List<JobHandler> all() {
        return Loaded.HANDLERS;
    }

    private static final class Loaded {
        static final List<JobHandler> HANDLERS = load();

        private static List<JobHandler> load() {
            List<JobHandler> handlers = new ArrayList<>(List.of(new Doubler(), new Sleeper()));
            ServiceLoader.load(JobHandler.class).forEach(handlers::add);
            return List.copyOf(handlers);
        }
    }
}
