/**
 * The broadcast events on {@code <prefix>.events}: one sealed interface,
 * {@link io.kpool.protocol.event.PoolEvent}, with one record per kind. Each is written as JSON
 * with a {@code "type"} field naming the kind ({@code worker_started}, {@code worker_crashed}, ...).
 */
package io.kpool.protocol.event;
