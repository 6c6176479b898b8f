package io.kpool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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
    @ValueSource(strings = {"up", "submit", "status", "watch", "dashboard", "audit", "dead-letters", "replay", "cancel", "kill",
            "bench", "acls", "broker", "dispatcher", "supervisor", "worker"})
    void everyCommandHasHelpThatNamesItsEnvironmentVariables(String command) {
        int status = run(Map.of(), command, "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("Usage: kpool " + command).contains("KPOOL_FOO_BAR")
                .contains(command.equals("broker") ? "--kafka-port" : "--bootstrap");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "dispatcher", "supervisor", "worker"})
    void everyOptionWhoseHelpShowsADefaultHasOne(String command) {
        // OptionDefaults is keyed by the flags the options are declared with: a renamed flag keeps its default
        run(Map.of(), command, "--help");

        assertThat(out.toString()).contains("(default: ").doesNotContain("(default: null)");
    }

    @Test
    void everyHelpIsFormattedWithoutAWarning() {
        // picocli formats descriptions as format strings: a bare '%' spoils the text and prints a
        // WARN on standard error, which --help must not show a user
        java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        List<String> helps = new java.util.ArrayList<>();
        System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            java.util.ArrayDeque<CommandLine> left = new java.util.ArrayDeque<>(List.of(Kpool.commandLine(Map.of())));
            while (!left.isEmpty()) {
                CommandLine command = left.pop();
                helps.add(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
                left.addAll(command.getSubcommands().values());
            }
        } finally {
            System.setErr(before);
        }

        assertThat(helps).hasSizeGreaterThan(20);
        assertThat(stderr.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(String.join("\n", helps)).contains("(99 % 1").doesNotContain("%n");
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
    void theDashboardChecksItsPortBeforeKafkaIsAsked() {
        int status = run(Map.of("KPOOL_HTTP_PORT", "70000"), "dashboard", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--http-port must be between 0 and 65535, but was 70000");
    }

    @Test
    void theDashboardNamesAPortItCannotHave() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int status = run(Map.of(), "dashboard", "--http-port", String.valueOf(taken.getLocalPort()),
                    "--bootstrap", "localhost:1");

            assertThat(status).isEqualTo(Kpool.USAGE);
            assertThat(err.toString()).contains("--http-port cannot be served on 127.0.0.1:" + taken.getLocalPort());
        }
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
    void aPolicySettingCheckedByTheCoreIsNamedByTheFlagTheUserTyped() {
        int status = run(Map.of(), "supervisor", "--max-restarts", "-1", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("kpool supervisor: --max-restarts must be between 0 and 1000000, but was -1");
    }

    @Test
    void aBackoffUpsideDownIsNamedByItsFlag() {
        int status = run(Map.of(), "up", "--backoff", "2s,1s");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("kpool up: --backoff needs MIN,MAX with MIN <= MAX, but was 2000ms,1000ms");
    }

    @Test
    void anIntakeLimitCheckedByTheCoreIsNamedByItsFlag() {
        int status = run(Map.of(), "up", "--max-job-bytes", "8");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("kpool up: --max-job-bytes must be at least 16, but was 8");
    }

    @Test
    void aHistorySettingFromTheEnvironmentIsNamedByItsFlag() {
        int status = run(Map.of("KPOOL_HISTORY", "0"), "supervisor", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--history must be between 1 and 10000, but was 0");
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
    void aHandlersFileWithABadEntryIsNamedWithItsFileKeyAndValue(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("handlers.properties");
        java.nio.file.Files.writeString(file, "resize = convert\n");

        for (String command : List.of("up", "supervisor", "dispatcher")) {
            err.getBuffer().setLength(0);
            int status = run(Map.of("KPOOL_HANDLERS_FILE", file.toString()), command, "--bootstrap", "localhost:1");

            assertThat(status).as(command).isEqualTo(Kpool.USAGE);
            assertThat(err.toString()).as(command).contains("--handlers-file " + file.toAbsolutePath()
                    + ": 'resize' needs exec:<command> or a Java handler's name (double, sleep), but was 'convert'");
        }
    }

    @Test
    void aProcessHandlerNeedsACommand() {
        int status = run(Map.of(), "dispatcher", "--handler", "exec:", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--handler needs a command after exec:");
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

    @ParameterizedTest
    @ValueSource(strings = {"submit", "status", "watch", "audit", "dead-letters", "replay", "cancel", "kill", "acls", "dispatcher",
            "supervisor", "worker"})
    void everyCommandThatOpensAKafkaClientTakesAKafkaConfig(String command) {
        run(Map.of(), command, "--help");

        assertThat(out.toString()).contains("--kafka-config=FILE").contains("(${file:...},").doesNotContain("(null,");
    }

    @Test
    void aKafkaConfigThatIsNotThereIsNamedWithExit2(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        int status = run(Map.of("KPOOL_KAFKA_CONFIG", dir.resolve("client.properties").toString()), "status");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("kpool status: --kafka-config names no file: '"
                + dir.resolve("client.properties") + "'");
    }

    @Test
    void aKafkaConfigThatSetsTheBootstrapIsRefusedWithTheRule(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("c.properties"), "bootstrap.servers=b:9093\n");

        int status = run(Map.of(), "submit", "1", "--kafka-config", file.toString());

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--kafka-config " + file + ": bootstrap.servers=b:9093 is not allowed: kpool "
                + "sets it from --bootstrap (KPOOL_BOOTSTRAP)");
    }

    @Test
    void upSecuresOnlyItsOwnBroker() {
        int status = run(Map.of(), "up", "--secure", "--bootstrap", "kafka:9093");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--secure secures the embedded broker; with --bootstrap, give that Kafka's "
                + "client properties with --kafka-config instead");
    }

    @Test
    void aclsPrintsTheTableWithoutKafkaAndNoWorkerMayWriteJobs() {
        int status = run(Map.of(), "acls", "--prefix", "orders", "--principal", "worker=User:CN=w");

        assertThat(status).isZero();
        String table = out.toString();
        assertThat(table).contains("User:kpool-client            write      topic             literal   orders.jobs")
                .contains("User:CN=w                    write      transactional_id  prefixed  orders-worker-")
                .doesNotContain("User:CN=w                    write      topic             literal   orders.jobs")
                .contains("kpool acls --apply");
    }

    @Test
    void aPrincipalMustHaveAType() {
        int status = run(Map.of(), "acls", "--principal", "worker=kpool-worker");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--principal needs TYPE:NAME such as User:kpool-worker, but was "
                + "'worker=kpool-worker'");
    }

    @Test
    void theVariableOfAnOptionIsItsNameInCapitals() {
        assertThat(EnvDefaults.variable("--heartbeat-timeout")).isEqualTo("KPOOL_HEARTBEAT_TIMEOUT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dead-letters", "replay"})
    void anUnknownDeadLetterReasonIsNamedWithTheReasonsThereAreBeforeKafkaIsAsked(String command) {
        int status = run(Map.of(), command, "--reason", "crashed", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("kpool " + command + ": --reason must be one of null_value, too_large, "
                + "not_json, not_an_object, missing_id, blank_id, id_too_long, missing_payload, wrong_payload, "
                + "unknown_handler, invalid_run_at, duplicate_id, crashed_worker, cancelled, but was 'crashed'");
    }

    @Test
    void theReasonsAreListedInTheHelp() {
        run(Map.of(), "dead-letters", "--help");

        assertThat(out.toString()).contains("crashed_worker").contains("unknown_handler");
    }

    @Test
    void replayNeedsExactlyOneWayOfChoosing() {
        assertThat(run(Map.of(), "replay", "--bootstrap", "localhost:1")).isEqualTo(Kpool.USAGE);
        assertThat(run(Map.of("KPOOL_ALL", "true"), "replay", "--reason", "crashed_worker", "--bootstrap",
                "localhost:1")).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("kpool replay: replay needs exactly one of --id ID..., --reason REASON or "
                + "--all, but was given none").contains("but was given 2");
    }

    @Test
    void statusCheckTakesThePoolsHeartbeatTimeoutFromTheEnvironment() {
        run(Map.of("KPOOL_HEARTBEAT_TIMEOUT", "7s"), "status", "--help");

        assertThat(out.toString()).contains("--check").contains("(default: 7s)");
    }

    @Test
    void statusCheckRefusesATimeoutOfZero() {
        int status = run(Map.of(), "status", "--check", "--heartbeat-timeout", "0s", "--bootstrap", "localhost:1");

        assertThat(status).isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--heartbeat-timeout must be a positive duration, but was 0");
    }

    @Test
    void cancelNeedsAnIdAndRefusesABadTimeoutBeforeAskingKafka() {
        assertThat(run(Map.of(), "cancel", "--bootstrap", "localhost:1")).isEqualTo(Kpool.USAGE);
        assertThat(run(Map.of(), "cancel", "j1", "--timeout", "0s", "--bootstrap", "localhost:1"))
                .isEqualTo(Kpool.USAGE);
        assertThat(err.toString()).contains("--timeout");
        assertThat(run(Map.of(), "cancel", " ", "--bootstrap", "localhost:1")).isEqualTo(Kpool.USAGE);
    }

    @Test
    void cancelsHelpSaysWhatItAnswersAndItsExitStatus() {
        run(Map.of(), "cancel", "--help");

        assertThat(out.toString()).contains("cancelled (was running on worker 0)").contains("Exit status: 0 when every "
                + "job was cancelled").contains("--dedupe-window").contains("--timeout");
    }
}
