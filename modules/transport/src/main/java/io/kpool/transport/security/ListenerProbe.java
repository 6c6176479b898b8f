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
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Finds out what a listener speaks when a client gets no answer from it. A client in plain text
 * against a TLS or SASL listener gets no exception, only disconnects and then a timeout; this
 * connects once, in plain text, and sends Kafka's ApiVersions request twice:
 * <ul>
 *   <li>no TCP connection: nothing listens there ({@link Speaks#NOTHING});</li>
 *   <li>a TLS record comes back, or the connection closes (or answers garbage) and a TLS handshake on a
 *       second connection gets a TLS answer: the listener wants TLS ({@link Speaks#TLS}). A
 *       connection that closes on both is no evidence (a broker not yet accepting, a port
 *       forwarder whose target is not up): {@link Speaks#SILENCE};</li>
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
            switch (answer(in, 1)) {
                case TLS_RECORD: return Speaks.TLS;
                case TIMEOUT: return Speaks.SILENCE;
                case NOT_KAFKA: return confirmTls(host, port, millis);
                default: break;
            }
            out.write(apiVersionsRequest(2));
            out.flush();
            return switch (answer(in, 2)) {
                case KAFKA -> Speaks.PLAINTEXT;
                case TIMEOUT -> Speaks.SILENCE;
                default -> Speaks.SASL;
            };
        } catch (IOException e) {
            return confirmTls(host, port, millis);
        }
    }

    /**
     * After a plain-text request got no Kafka answer: {@link Speaks#TLS} when a TLS handshake on a
     * new connection gets a TLS answer (a server hello, or an alert such as "certificate required"),
     * else {@link Speaks#SILENCE}. No certificate is checked: this only asks what the listener speaks.
     */
    private static Speaks confirmTls(String host, int port, int millis) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {ANY_CERTIFICATE}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), millis);
                socket.setSoTimeout(millis);
                socket.startHandshake();
                return Speaks.TLS;
            }
        } catch (SSLException e) {
            return answeredInTls(e) ? Speaks.TLS : Speaks.SILENCE;
        } catch (IOException | java.security.GeneralSecurityException e) {
            return Speaks.SILENCE;
        }
    }

    /** Whether a failed handshake failed on the server's TLS answer, not on a closed or non-TLS connection. */
    private static boolean answeredInTls(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof java.net.SocketException
                    || t instanceof SocketTimeoutException) {
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = String.valueOf(e.getMessage());
        return !message.contains("Unsupported or unrecognized SSL message")
                && !message.contains("Remote host terminated the handshake");
    }

    private static final X509TrustManager ANY_CERTIFICATE = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    /** How a listener answered one plain-text request. */
    private enum Answer { KAFKA, TLS_RECORD, NOT_KAFKA, TIMEOUT }

    /** How the listener answered request {@code correlation}: as Kafka does, in TLS, otherwise, or not in time. */
    private static Answer answer(DataInputStream in, int correlation) throws IOException {
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            return Answer.TIMEOUT;
        } catch (IOException e) {
            return Answer.NOT_KAFKA;
        }
        if (first == TLS_ALERT || first == TLS_HANDSHAKE) {
            return Answer.TLS_RECORD;
        }
        if (first < 0) {
            return Answer.NOT_KAFKA;
        }
        try {
            byte[] rest = new byte[7];
            in.readFully(rest);
            ByteBuffer header = ByteBuffer.allocate(8).put((byte) first).put(rest).flip();
            int size = header.getInt();
            int id = header.getInt();
            if (id != correlation || size < 4) {
                return Answer.NOT_KAFKA;
            }
            skip(in, size - 4);
            return Answer.KAFKA;
        } catch (EOFException | SocketTimeoutException e) {
            return Answer.NOT_KAFKA;
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
