package io.kpool.transport.security;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds out what a listener speaks when a client gets no answer from it. A client in plain text
 * against a TLS or SASL listener gets no exception, only disconnects and then a timeout; this
 * connects once, in plain text, and sends Kafka's ApiVersions request twice:
 * <ul>
 *   <li>no TCP connection: nothing listens there ({@link Speaks#NOTHING});</li>
 *   <li>the connection closes, or a TLS alert comes back: the listener wants TLS ({@link Speaks#TLS});</li>
 *   <li>the first request is answered, the second closes the connection: a SASL listener, which
 *       allows ApiVersions only once before the SASL handshake ({@link Speaks#SASL});</li>
 *   <li>both are answered: plain Kafka ({@link Speaks#PLAINTEXT});</li>
 *   <li>no answer at all in time ({@link Speaks#SILENCE}).</li>
 * </ul>
 */
public final class ListenerProbe {

    /** What a listener answered a plain-text Kafka client. */
    public enum Speaks { NOTHING, SILENCE, TLS, SASL, PLAINTEXT }

    private static final short API_VERSIONS = 18;
    private static final byte TLS_ALERT = 0x15;
    private static final byte TLS_HANDSHAKE = 0x16;

    private ListenerProbe() {
    }

    /** What the listener at {@code host:port} speaks, within about {@code timeout} per step. */
    public static Speaks sniff(String host, int port, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), millis);
            } catch (IOException e) {
                return Speaks.NOTHING;
            }
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(apiVersionsRequest(1));
            out.flush();
            Optional<Speaks> first = answer(in, 1);
            if (first.isPresent()) {
                return first.get();
            }
            out.write(apiVersionsRequest(2));
            out.flush();
            Optional<Speaks> second = answer(in, 2);
            return second.map(s -> s == Speaks.TLS ? Speaks.SASL : s).orElse(Speaks.PLAINTEXT);
        } catch (IOException e) {
            return Speaks.TLS;
        }
    }

    /** Empty when the listener answered request {@code correlation} as Kafka does. */
    private static Optional<Speaks> answer(DataInputStream in, int correlation) throws IOException {
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            return Optional.of(Speaks.SILENCE);
        } catch (IOException e) {
            return Optional.of(Speaks.TLS);
        }
        if (first < 0 || first == TLS_ALERT || first == TLS_HANDSHAKE) {
            return Optional.of(Speaks.TLS);
        }
        try {
            byte[] rest = new byte[7];
            in.readFully(rest);
            ByteBuffer header = ByteBuffer.allocate(8).put((byte) first).put(rest).flip();
            int size = header.getInt();
            int id = header.getInt();
            if (id != correlation || size < 4) {
                return Optional.of(Speaks.TLS);
            }
            skip(in, size - 4);
            return Optional.empty();
        } catch (EOFException | SocketTimeoutException e) {
            return Optional.of(Speaks.TLS);
        }
    }

    private static void skip(InputStream in, int bytes) throws IOException {
        byte[] buffer = new byte[Math.min(bytes, 4096)];
        for (int left = bytes; left > 0; ) {
            int n = in.read(buffer, 0, Math.min(left, buffer.length));
            if (n < 0) {
                throw new EOFException();
            }
            left -= n;
        }
    }

    /** ApiVersions v0 (request header v1, empty body), which every Kafka broker answers. */
    static byte[] apiVersionsRequest(int correlation) {
        byte[] client = "kpool-probe".getBytes(StandardCharsets.UTF_8);
        ByteBuffer request = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + client.length);
        request.putInt(request.capacity() - 4).putShort(API_VERSIONS).putShort((short) 0).putInt(correlation)
                .putShort((short) client.length).put(client);
        return request.array();
    }

    /**
     * What to tell a user whose client (speaking {@code protocol}) got no answer from a listener
     * that speaks {@code speaks}; empty when the two agree, or nothing listens.
     */
    public static Optional<String> mismatch(String address, String protocol, Speaks speaks) {
        String p = protocol.toUpperCase(Locale.ROOT);
        boolean tls = p.equals("SSL") || p.equals("SASL_SSL");
        boolean sasl = p.startsWith("SASL_");
        String uses = "this client uses security.protocol=" + p + (p.equals("PLAINTEXT") ? " (the default)" : "");
        return switch (speaks) {
            case TLS -> tls ? Optional.empty() : Optional.of("the Kafka listener at " + address + " accepts connections "
                    + "but speaks TLS, and " + uses + ": set security.protocol=SASL_SSL (or SSL), with "
                    + "ssl.truststore.location, in a --kafka-config file");
            case SASL -> sasl ? Optional.empty() : Optional.of("the Kafka listener at " + address + " wants SASL "
                    + "authentication, and " + uses + ": set security.protocol=SASL_PLAINTEXT, sasl.mechanism and "
                    + "sasl.jaas.config in a --kafka-config file");
            case PLAINTEXT -> tls || sasl ? Optional.of("the Kafka listener at " + address + " speaks plain text, "
                    + "without TLS or SASL, and " + uses + ": drop security.protocol from --kafka-config, or use the "
                    + "listener that wants it") : Optional.empty();
            default -> Optional.empty();
        };
    }
}
