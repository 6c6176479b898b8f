package io.kpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = Kpool.commandLine(env);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "submit", "status", "watch", "audit", "kill", "bench", "broker", "dispatcher", "supervisor", "worker"})
    void everyCommandHasHelpThatNamesItsEnvironmentVariables(String command) {
        int status = run(Map.of(), command, "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("Usage: kpool " + command).contains("KPOOL_FOO_BAR")
                .contains(command.equals("broker") ? "--kafka-port" : "--bootstrap");
    }

    @Test
    void theBenchRefusesAnOutputItCannotWriteBeforeMeasuringAnything(@org.junit.jupiter.api.io.TempDir
                                                                     java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createFile(dir.resolve("not-a-directory"));

        int status = run(Map.of(), "bench", "--quick", "--out", file.toString());

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--out must be a directory the bench can write").contains(file.toString());
    }

    @Test
    void theBenchSubcommandsCheckTheirNumbers() {
        assertThat(run(Map.of(), "bench", "latency", "--rate", "0", "--bootstrap", "localhost:1"))
                .isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--rate must be at least 1");
    }

    @Test
    void aBadDurationNamesTheOptionAndTheValue() {
        int status = run(Map.of(), "supervisor", "--heartbeat-timeout", "soon");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--heartbeat-timeout").contains("'soon'");
    }

    @Test
    void aSettingFromTheEnvironmentIsCheckedLikeAFlag() {
        int status = run(Map.of("KPOOL_WORKERS", "0"), "up");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--workers must be between 1 and 1024, but was 0");
    }

    @Test
    void anOrdinalThatNamesNoReplicaIsRefusedBeforeKafkaIsAsked() {
        int status = run(Map.of(), "supervisor", "--ordinal", "kpool-supervisor", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--ordinal needs a StatefulSet ordinal such as 1")
                .contains("but was 'kpool-supervisor'");
    }

    @Test
    void anOrdinalPastTheLastSlotNamesItsRange() {
        int status = run(Map.of("KPOOL_ORDINAL", "kpool-supervisor-512", "KPOOL_WORKERS", "2"), "supervisor",
                "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--ordinal 'kpool-supervisor-512' is ordinal 512")
                .contains("slots 1024-1025, past the highest slot 1023");
    }

    @Test
    void anOrdinalAndASlotListCannotBothSayWhichSlots() {
        int status = run(Map.of("KPOOL_SLOTS", "0-3"), "supervisor", "--ordinal", "1", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--ordinal cannot be combined with --slots")
                .contains("--ordinal '1' and --slots '0-3'");
    }

    @Test
    void theEnvironmentSuppliesDefaultsShownInTheHelp() {
        run(Map.of("KPOOL_HEARTBEAT_TIMEOUT", "7s"), "supervisor", "--help");

        assertThat(out.toString()).contains("(default: 7s)");
    }

    @Test
    void anUnknownDispatchStrategyIsNamed() {
        int status = run(Map.of(), "dispatcher", "--dispatch", "random", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--dispatch must be one of round-robin, least-busy, but was 'random'");
    }

    @Test
    void aMalformedBootstrapIsNamed() {
        int status = run(Map.of(), "status", "--bootstrap", "nowhere");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--bootstrap needs host:port[,host:port...], but was 'nowhere'");
    }

    @Test
    void submitWithoutJobsSaysWhatItNeeds() {
        int status = run(Map.of(), "submit");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("needs jobs: PAYLOAD..., --count N or --file FILE");
    }

    @Test
    void saysPlainlyWhenNoKafkaAnswers() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int status = run(Map.of(), "status", "--bootstrap", "localhost:" + port);

        assertThat(status).isEqualTo(Kpool.FAILURE);
        assertThat(err.toString()).contains("no Kafka answers at localhost:" + port)
                .contains("./kpool up").doesNotContain("Exception");
    }

    @Test
    void theVariableOfAnOptionIsItsNameInCapitals() {
        assertThat(EnvDefaults.variable("--heartbeat-timeout")).isEqualTo("KPOOL_HEARTBEAT_TIMEOUT");
    }
}
