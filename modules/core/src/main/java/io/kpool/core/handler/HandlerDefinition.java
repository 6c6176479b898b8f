package io.kpool.core.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a handler name stands for in a pool: a Java handler ({@link Java}) or a command the worker
 * runs as a child process ({@link ExecCommand}). The dispatcher checks payloads against it; the
 * worker turns it into the {@link JobHandler} it runs.
 */
public sealed interface HandlerDefinition permits HandlerDefinition.Java, ExecCommand {

    /** The name jobs select it by (for the pool's default handler, the {@code --handler} value). */
    String name();

    /**
     * What is wrong with a payload this handler cannot take at all, as {@link JobHandler#refuse}.
     * A process handler takes any JSON payload: the child decides.
     */
    Optional<String> refuse(JsonNode payload);

    /**
     * A Java handler, under the name it is known by in the pool.
     *
     * @param name    the name jobs select it by (its own, or the key of a handlers file)
     * @param handler the handler
     */
    record Java(String name, JobHandler handler) implements HandlerDefinition {

        @Override
        public Optional<String> refuse(JsonNode payload) {
            return handler.refuse(payload);
        }
    }
}
