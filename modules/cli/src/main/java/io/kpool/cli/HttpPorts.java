package io.kpool.cli;

import io.kpool.core.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The HTTP ports of {@code kpool up}'s three processes: up itself (the dashboard, its probes),
 * the dispatcher and the supervisor (each its own {@code /metrics}).
 *
 * @param up         up's own port
 * @param dispatcher the dispatcher's
 * @param supervisor the supervisor's
 */
record HttpPorts(int up, int dispatcher, int supervisor) {

    /** Used when no port is asked for and these three are free. */
    static final int DEFAULT = 8080;

    /**
     * {@code --http-port P} gives P, P+1 and P+2; 0 any three free ports. With none given: 8080 to
     * 8082 when they are free, any three free ports when not (a second pool on the machine).
     */
    static HttpPorts choose(Integer requested) {
        if (requested != null && (requested < 0 || requested > 65533)) {
            throw new ConfigException("--http-port", "must be between 0 and 65533 (it and the next two ports are "
                    + "used), but was " + requested);
        }
        if (requested != null && requested > 0) {
            return new HttpPorts(requested, requested + 1, requested + 2);
        }
        if (requested == null && free(DEFAULT) && free(DEFAULT + 1) && free(DEFAULT + 2)) {
            return new HttpPorts(DEFAULT, DEFAULT + 1, DEFAULT + 2);
        }
        return new HttpPorts(anyFree(), anyFree(), anyFree());
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the HTTP endpoints", e);
        }
    }
}
