package io.kpool.transport.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sniffer against stand-in listeners; against real brokers in the integration tests. */
class ListenerProbeTest {

    /** A listener that answers each of the first {@code answers} requests, then closes; or sends {@code reply}. */
    private static int serve(ServerSocket server, int answers, byte[] reply) {
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                if (reply != null) {
                    out.write(reply);
                    out.flush();
                    return;
                }
                for (int i = 1; i <= answers; i++) {
                    byte[] size = in.readNBytes(4);
                    byte[] rest = in.readNBytes(ByteBuffer.wrap(size).getInt());
                    int correlation = ByteBuffer.wrap(rest, 4, 4).getInt();
                    out.write(ByteBuffer.allocate(10).putInt(6).putInt(correlation).putShort((short) 0).array());
                    out.flush();
                }
                in.readNBytes(4);
            } catch (IOException e) {
                // the probe hung up
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static ListenerProbe.Speaks sniff(int answers, byte[] reply) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = serve(server, answers, reply);
            return ListenerProbe.sniff("127.0.0.1", port, Duration.ofSeconds(2));
        }
    }

    @Test
    void aListenerThatHangsUpOnPlainKafkaAndOnTlsIsNoEvidenceOfTls() throws IOException {
        // e.g. a broker not accepting yet behind a port forwarder, which takes the connection and drops it
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            int port = serveEach(server, socket -> { });
            assertThat(ListenerProbe.sniff("127.0.0.1", port, Duration.ofSeconds(2))).isEqualTo(ListenerProbe.Speaks.SILENCE);
        }
    }

    @Test
    void aListenerThatHangsUpOnPlainKafkaButAnswersATlsHandshakeSpeaksTls() throws IOException {
        byte[] handshakeFailure = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            int[] connections = {0};
            int port = serveEach(server, socket -> {
                if (++connections[0] == 2) {
                    socket.getInputStream().readNBytes(5);
                    socket.getOutputStream().write(handshakeFailure);
                    socket.getOutputStream().flush();
                }
            });
            assertThat(ListenerProbe.sniff("127.0.0.1", port, Duration.ofSeconds(2))).isEqualTo(ListenerProbe.Speaks.TLS);
        }
    }

    /** Serves each connection with {@code handler}, then closes it. */
    private static int serveEach(ServerSocket server, SocketHandler handler) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    handler.handle(s);
                } catch (IOException e) {
                    // closed, or the probe hung up
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private interface SocketHandler {
        void handle(Socket socket) throws IOException;
    }

    @Test
    void aListenerThatSendsATlsAlertSpeaksTls() throws IOException {
        assertThat(sniff(0, new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28})).isEqualTo(ListenerProbe.Speaks.TLS);
    }

    @Test
    void aListenerThatAnswersApiVersionsOnceWantsSasl() throws IOException {
        assertThat(sniff(1, null)).isEqualTo(ListenerProbe.Speaks.SASL);
    }

    @Test
    void aListenerThatAnswersTwiceSpeaksPlainKafka() throws IOException {
        assertThat(sniff(2, null)).isEqualTo(ListenerProbe.Speaks.PLAINTEXT);
    }

    @Test
    void aPortNobodyListensOnSpeaksNothing() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(ListenerProbe.sniff("127.0.0.1", port, Duration.ofSeconds(1))).isEqualTo(ListenerProbe.Speaks.NOTHING);
    }
}
