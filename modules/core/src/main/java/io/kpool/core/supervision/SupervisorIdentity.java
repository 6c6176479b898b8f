package io.kpool.core.supervision;

/**
 * Who a supervisor is, as published with each of its slots.
 *
 * @param name its name ({@code --name})
 * @param host the host it runs on
 * @param pid  its process id
 */
public record SupervisorIdentity(String name, String host, long pid) {
}
