package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kpool.cli.Kpool;
import io.kpool.transport.security.ClientProperties;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Offline checks of {@code k8s-overlays/existing-kafka}: kpool's Kubernetes manifests on a Kafka of
 * the user's, secured, each role with its own client properties from a Secret mounted as files.
 */
class ExistingKafkaOverlayTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Path OVERLAY = Path.of("k8s-overlays", "existing-kafka");
    private static final Pattern DIR_REFERENCE = Pattern.compile("\\$\\{dir:([^:}]+):([^}]+)}");
    /** The Kafka client properties file each role reads, by the variable that names it. */
    private static final Map<String, Map<String, String>> FILES = Map.of(
            "kpool-dispatcher", Map.of("KPOOL_KAFKA_CONFIG", "dispatcher.properties"),
            "kpool-supervisor", Map.of("KPOOL_KAFKA_CONFIG", "supervisor.properties",
                    "KPOOL_WORKER_KAFKA_CONFIG", "worker.properties"));

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(OVERLAY)) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("no " + OVERLAY + " above " + Path.of("").toAbsolutePath());
    }

    private static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    private static Map<String, String> map(Properties p) {
        Map<String, String> values = new HashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    @Test
    void everyPropertiesFileOfTheOverlayHoldsOnlyKafkaClientSettingsKpoolAccepts() throws IOException {
        Path dir = root().resolve(OVERLAY).resolve("kafka-client");
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("dispatcher.properties", "supervisor.properties", "worker.properties");
        for (Path file : files) {
            Map<String, String> values = map(properties(Files.readString(file)));
            ClientProperties.checkKeys("--kafka-config", file, values);
            assertThat(values).as(file.toString()).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("config.providers.dir.class",
                            "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
            String role = file.getFileName().toString().replace(".properties", "");
            assertThat(values.get("sasl.jaas.config")).as(file + ": the password is a reference, not a value")
                    .contains("username=\"kpool-" + role + "\"")
                    .contains("password=\"${dir:/etc/kpool/kafka:" + role + ".password}\"");
        }
    }

    @Test
    void kustomizeBuildsThePoolWithoutItsOwnKafkaAndEachRoleReadsItsOwnPropertiesFromTheSecret() throws Exception {
        List<HasMetadata> objects = build();
        assertThat(objects).extracting(o -> o.getMetadata().getName())
                .doesNotContain("kafka", "kafka-headless", "kafka-bootstrap");
        ConfigMap config = one(objects, ConfigMap.class, "kpool-config");
        assertThat(config.getData().get("KPOOL_BOOTSTRAP")).isNotBlank().doesNotContain("kafka-bootstrap");
        Secret secret = objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast)
                .filter(s -> s.getMetadata().getName().startsWith("kpool-kafka-client")).findFirst()
                .orElseThrow(() -> new AssertionError("no Secret kpool-kafka-client"));

        for (HasMetadata workload : objects) {
            PodSpec pod = workload instanceof Deployment d ? d.getSpec().getTemplate().getSpec()
                    : workload instanceof StatefulSet s ? s.getSpec().getTemplate().getSpec() : null;
            if (pod == null) {
                continue;
            }
            Map<String, String> expected = FILES.get(workload.getMetadata().getName());
            assertThat(expected).as("a workload of kpool's: " + workload.getMetadata().getName()).isNotNull();
            for (Container c : pod.getContainers()) {
                assertThat(c.getImage()).as(c.getName()).doesNotStartWith("apache/kafka");
                checkContainer(workload.getMetadata().getName(), pod, c, expected, secret);
            }
        }
    }

    private static void checkContainer(String workload, PodSpec pod, Container c, Map<String, String> expected,
                                       Secret secret) throws IOException {
        String where = workload + "/" + c.getName();
        Map<String, String> env = new HashMap<>();
        for (EnvVar v : c.getEnv()) {
            if (v.getValue() != null) {
                env.put(v.getName(), v.getValue());
            }
        }
        Set<String> mounted = new TreeSet<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String path = env.get(e.getKey());
            assertThat(path).as(where + " " + e.getKey()).isEqualTo("/etc/kpool/kafka/" + e.getValue());
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> path.startsWith(m.getMountPath() + "/"))
                    .findFirst().orElseThrow(() -> new AssertionError(where + ": nothing mounted at " + path));
            assertThat(mount.getReadOnly()).as(where + ": " + mount.getMountPath() + " read-only").isTrue();
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow();
            assertThat(volume.getSecret()).as(where + ": " + mount.getName() + " is a Secret").isNotNull();
            assertThat(volume.getSecret().getSecretName()).isEqualTo(secret.getMetadata().getName());
            volume.getSecret().getItems().stream().map(KeyToPath::getPath).forEach(mounted::add);
            for (KeyToPath item : volume.getSecret().getItems()) {
                assertThat(secret.getData()).as(where + ": the Secret has " + item.getKey()).containsKey(item.getKey());
            }
            String text = new String(Base64.getMimeDecoder().decode(secret.getData().get(e.getValue())), StandardCharsets.UTF_8);
            Map<String, String> values = map(properties(text));
            ClientProperties.checkKeys(e.getKey(), Path.of(path), values);
            Matcher refs = DIR_REFERENCE.matcher(values.getOrDefault("sasl.jaas.config", ""));
            assertThat(refs.find()).as(where + ": " + e.getValue() + " reads its password from a file").isTrue();
            assertThat(refs.group(1)).isEqualTo(mount.getMountPath());
            assertThat(mounted).as(where + ": the password file is mounted").contains(refs.group(2));
        }
        Set<String> others = new TreeSet<>(Set.of("dispatcher.properties", "supervisor.properties", "worker.properties"));
        others.removeAll(expected.values());
        assertThat(mounted).as(where + ": only its own roles' files").doesNotContainAnyElementsOf(others);
        List<String> args = new ArrayList<>(c.getArgs());
        CommandLine.ParseResult parsed = Kpool.commandLine(env).parseArgs(args.toArray(String[]::new));
        CommandLine.ParseResult sub = parsed.subcommand();
        assertThat(sub.commandSpec().findOption("--kafka-config").<Object>getValue())
                .as(where + ": --kafka-config from KPOOL_KAFKA_CONFIG").hasToString(env.get("KPOOL_KAFKA_CONFIG"));
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static List<HasMetadata> build() throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        Optional<Path> kustomize = onPath("kustomize");
        Assumptions.assumeTrue(kubectl.isPresent() || kustomize.isPresent(), "neither kubectl nor kustomize is installed");
        List<String> command = kustomize.isPresent() ? List.of(kustomize.get().toString(), "build", OVERLAY.toString())
                : List.of(kubectl.get().toString(), "kustomize", OVERLAY.toString());
        Process process = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode tree : YAML.readerFor(JsonNode.class).<JsonNode>readValues(output).readAll()) {
            if (tree != null && tree.has("kind")) {
                objects.add((HasMetadata) YAML.treeToValue(tree, KubernetesResource.class));
            }
        }
        return objects;
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst();
    }
}
