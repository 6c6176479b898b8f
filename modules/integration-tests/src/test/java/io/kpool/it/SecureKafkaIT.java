package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.Submission;
import io.kpool.embedded.Certificates;
import io.kpool.embedded.EmbeddedKafka;
import io.kpool.protocol.DeadLetter;
import io.kpool.protocol.Json;
import io.kpool.protocol.Result;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.security.ClientProperties;
import io.kpool.transport.security.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * kpool on a secured Kafka, for real: the embedded broker with a SASL_SSL listener only, SCRAM
 * users, the StandardAuthorizer, and each role run as its own principal with only the ACLs of
 * kpool's table. Each test has its own topic prefix (and ACLs for it).
 */
class SecureKafkaIT {

    private static final String OPERATOR = "kpool-admin";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path brokerDir;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static EmbeddedKafka kafka;
    private static TestPool.Principals principals;

    /** What a kpool command did. */
    private record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void startSecuredBroker() {
        List<String> users = new ArrayList<>(List.of(OPERATOR));
        for (Role role : Role.values()) {
            users.add(role.userName());
        }
        kafka = EmbeddedKafka.startSecured(0, brokerDir.resolve("kafka"), users, OPERATOR);
        Map<Role, Path> files = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            files.put(role, kafka.security().orElseThrow().clientProperties(role.userName()));
        }
        principals = new TestPool.Principals(ClientProperties.load("--kafka-config",
                kafka.security().orElseThrow().clientProperties(OPERATOR)), files);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private Run kpool(String name, String... args) throws Exception {
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8).trim());
    }

    private static String file(Role role) {
        return principals.file(role);
    }

    /** The client's properties with {@code key} set to {@code value}. */
    private Path clientWith(String name, Map<String, String> changes) throws Exception {
        Map<String, String> values = new HashMap<>(principals.of(Role.CLIENT).values());
        values.putAll(changes);
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name + ".properties"), text);
    }

    private static long records(KafkaSettings operator, String topic) throws Exception {
        try (Admin admin = Admin.create(operator.admin("it-count"))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            IntStream.range(0, partitions).forEach(p -> ends.put(new TopicPartition(topic, p), OffsetSpec.latest()));
            return admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(r -> r.offset()).sum();
        }
    }

    @Test
    void theWholePoolRunsOverSaslSslWithOnePrincipalPerRoleAndStatusAndWatchWorkAsAClient() throws Exception {
        try (TestPool pool = TestPool.start(kafka.bootstrap(), dir, 2, principals, List.of(), List.of());
             Outcomes outcomes = Outcomes.fromNow(pool.kafka());
             JobSubmitter submitter = new JobSubmitter(pool.kafka())) {
            List<Object> payloads = new ArrayList<>(IntStream.range(0, 200).boxed().toList());
            payloads.add(100, -1);

            Submission submission = pool.submit(submitter, payloads);
            TestPool.awaitOutcomes(outcomes, submission, Duration.ofMinutes(3));

            assertThat(submission.duplicates()).isZero();
            assertThat(submission.resultCount()).isEqualTo(200);
            for (Result result : submission.results().values()) {
                assertThat(result.output().longValue()).isNotNegative().isEven();
            }
            assertThat(submission.results().get("job-1").output().longValue()).isZero();
            assertThat(submission.results().get("job-201").output().longValue()).isEqualTo(2 * 199);
            DeadLetter poison = submission.deadLetters().get("job-101");
            assertThat(poison.reason()).isEqualTo("crashed_worker");

            String prefix = pool.kafka().topics().prefix();
            Run status = kpool("status", "status", "--json", "--bootstrap", kafka.bootstrap(), "--prefix", prefix,
                    "--kafka-config", file(Role.CLIENT));
            assertThat(status.status()).as(status.err()).isZero();
            JsonNode rows = Json.tree(status.out().getBytes(StandardCharsets.UTF_8));
            assertThat(rows).hasSize(2);
            rows.forEach(row -> assertThat(row.get("alive").asBoolean()).isTrue());

            List<String> watch = TestPool.kpoolCommand();
            watch.addAll(List.of("watch", "--from-beginning", "--bootstrap", kafka.bootstrap(), "--prefix", prefix,
                    "--kafka-config", file(Role.CLIENT)));
            Path watched = dir.resolve("watch.out");
            Process watcher = new ProcessBuilder(watch).redirectErrorStream(true).redirectOutput(watched.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .alias("watch shows the poison job's dead letter")
                        .until(() -> Files.readString(watched).contains("job job-101 dead-lettered: crashed_worker"));
                assertThat(Files.readString(watched)).contains("worker 0 started", "worker 1 started");
                watcher.destroy();
                assertThat(watcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(watcher.exitValue()).isZero();
            } finally {
                watcher.destroyForcibly();
            }
        }
    }

    @Test
    void aClientWithAWrongPasswordIsToldItsCredentialsWereRefused() throws Exception {
        Path wrong = clientWith("wrong", Map.of("sasl.jaas.config", "org.apache.kafka.common.security.scram."
                + "ScramLoginModule required username=\"kpool-client\" password=\"not-the-password\";"));

        Run status = kpool("status", "status", "--bootstrap", kafka.bootstrap(), "--kafka-config", wrong.toString());

        assertThat(status.status()).isEqualTo(2);
        assertThat(status.err()).isEqualTo("kpool status: Kafka at " + kafka.bootstrap() + " refused the credentials of "
                + "user 'kpool-client' (SASL SCRAM-SHA-512): wrong user name or password? Check sasl.jaas.config ("
                + wrong + ")");
    }

    @Test
    void aClientThatDoesNotTrustTheBrokersCaIsToldSo() throws Exception {
        Path otherCa = dir.resolve("other-ca.p12");
        Files.createDirectories(dir);
        Certificates.authority("some other CA").writeTrustStore(otherCa, "changeit".toCharArray());
        Path untrusting = clientWith("untrusting", Map.of("ssl.truststore.location", otherCa.toString(),
                "ssl.truststore.password", "changeit"));

        Run status = kpool("status", "status", "--bootstrap", kafka.bootstrap(), "--kafka-config", untrusting.toString());

        assertThat(status.status()).isEqualTo(2);
        assertThat(status.err()).isEqualTo("kpool status: Kafka at " + kafka.bootstrap() + " presented a TLS certificate "
                + "this client does not trust (PKIX path building failed: no trusted CA signed it): put the broker's CA "
                + "in ssl.truststore.location (" + untrusting + ")");
    }

    @Test
    void aPlainTextClientIsToldTheListenerSpeaksTlsAndWhatToSet() throws Exception {
        Run submit = kpool("submit", "submit", "1", "--bootstrap", kafka.bootstrap());

        assertThat(submit.status()).isEqualTo(2);
        assertThat(submit.err()).isEqualTo("kpool submit: the Kafka listener at " + kafka.bootstrap() + " accepts "
                + "connections but speaks TLS, and this client uses security.protocol=PLAINTEXT (the default): set "
                + "security.protocol=SASL_SSL (or SSL), with ssl.truststore.location, in a --kafka-config file");
    }

    @Test
    void aWorkersPrincipalMayNotWriteJobsAndNothingOfItsLands() throws Exception {
        try (TestPool pool = TestPool.empty(kafka.bootstrap(), dir, 1, principals)) {
            String jobs = pool.kafka().topics().jobs();

            Run submit = kpool("submit", "submit", "1", "2", "3", "--bootstrap", kafka.bootstrap(), "--prefix",
                    pool.kafka().topics().prefix(), "--kafka-config", file(Role.WORKER));

            assertThat(submit.status()).isEqualTo(2);
            assertThat(submit.err()).isEqualTo("kpool submit: Kafka at " + kafka.bootstrap() + " denied user "
                    + "'kpool-worker' access to topic " + jobs + ": kpool acls lists what each role may do");
            assertThat(records(pool.operator(), jobs)).isZero();
        }
    }

    @Test
    void aClientsPrincipalMayNotWriteTasksOrHeartbeatsAndNothingOfItsLands() throws Exception {
        try (TestPool pool = TestPool.empty(kafka.bootstrap(), dir, 1, principals);
             KafkaProducer<String, byte[]> forger = new KafkaProducer<>(pool.kafka().producer("it-forger"))) {
            for (String topic : List.of(pool.kafka().topics().tasks(), pool.kafka().topics().heartbeats())) {
                var sent = forger.send(new ProducerRecord<>(topic, 0, "0", "{\"workerId\":0}".getBytes(StandardCharsets.UTF_8)));

                assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS)).as(topic).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
                assertThat(records(pool.operator(), topic)).as(topic).isZero();
            }
        }
    }

    @Test
    void aSupervisorWhoseWorkersAreRefusedStopsThemAllAndSaysWhyInsteadOfRestartingThem() throws Exception {
        try (TestPool pool = TestPool.empty(kafka.bootstrap(), dir, 2, principals)) {
            Process supervisor = pool.startSupervisor("refused", List.of("--workers", "2", "--worker-kafka-config",
                    file(Role.CLIENT)));

            assertThat(supervisor.waitFor(90, TimeUnit.SECONDS)).as("the supervisor stops").isTrue();
            assertThat(supervisor.exitValue()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("supervisor-refused.log"))).contains("was refused: kpool worker: "
                    + "Kafka at " + kafka.bootstrap() + " denied user 'kpool-client' the transactional id "
                    + pool.kafka().topics().workerStem(),
                    "stopped every worker, since each would be refused the same way");
        }
    }
}
