/**
 * The job handler SPI: what a worker runs for each job. A handler does not defend against bad
 * input; when it throws, the worker process dies and its supervisor restarts it.
 * Handlers are found by name: the built-in {@link io.kpool.core.handler.Doubler} ({@code double}),
 * {@link io.kpool.core.handler.Sleeper} ({@code sleep}), and any implementation listed in
 * {@code META-INF/services/io.kpool.core.handler.JobHandler} on the class path. A handler in any
 * other language is an {@link io.kpool.core.handler.ExecCommand} ({@code exec:<command>}), run by
 * the worker as a child process speaking {@link io.kpool.core.handler.ExecProtocol}; a
 * {@link io.kpool.core.handler.HandlerCatalog} maps the names of a handlers file to either kind.
 */
package io.kpool.core.handler;
