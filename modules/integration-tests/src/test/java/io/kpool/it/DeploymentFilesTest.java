package io.kpool.it;

import static io.kpool.it.KpoolCommandLines.option;
import static io.kpool.it.KpoolCommandLines.parse;
import static io.kpool.it.KpoolCommandLines.unknownKpoolVariables;
import static io.kpool.it.Manifests.isKpool;
import static io.kpool.it.Manifests.nonNull;
import static io.kpool.it.Manifests.onPath;
import static io.kpool.it.Manifests.selects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kpool.core.config.Slots;
import io.kpool.it.Manifests.Doc;
import io.kpool.it.Manifests.Workload;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Offline checks of the deployment files at the top of the repository: {@code Dockerfile},
 * {@code .dockerignore}, {@code docker-compose.yml} and {@code k8s/}. No Docker engine and no
 * Kubernetes API server: the manifests are read into fabric8's typed model (unknown fields are
 * typos), every kpool command line and {@code KPOOL_*} variable is checked against kpool's own
 * command line, and the files are checked against each other (health files and probes, grace
 * periods, memory and JVM heaps, selectors and labels, Kafka settings).
 */
class DeploymentFilesTest {

    private static final YAMLMapper YAML = Manifests.YAML;

    private static final String KPOOL_IMAGE = "kpool:latest";
    /** The official image, pinned by digest (scripts/docker-local.sh builds a stand-in where no registry answers). */
    private static final String KAFKA_IMAGE =
            "apache/kafka:4.1.2@sha256:5cc2a2fd93fa2687b44015eee04fb2c3edd9e526bd64bf8bec5ff1e268772e0e";
    private static final String ENTRYPOINT_JAR = "/opt/kpool/kpool.jar";
    private static final String LAUNCHER = "/opt/kpool/bin/kpool";

    /** A terminating role needs this much beyond its shutdown grace to close its Kafka clients and exit. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);
    /** Memory a JVM takes beyond its heap (metaspace, code, threads, GC, buffers); measured ~90 MB for a worker. */
    private static final long WORKER_OVERHEAD = mib(96);
    private static final long ROLE_OVERHEAD = mib(128);
    private static final long KAFKA_OVERHEAD = mib(256);

    /**
     * apache/kafka's start script turns every KAFKA_* variable into a broker setting except these
     * (its kafka-propertiesSpec.json excludes, plus the ones the start scripts read).
     */
    private static final Set<String> KAFKA_SCRIPT_VARIABLES = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JMX_PORT", "KAFKA_JMX_HOSTNAME",
            "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS",
            "KAFKA_TOOLS_LOG4J_LOGLEVEL");

    /** What docker-compose 1.29.2 accepts (its compose_spec.json): a key outside these fails `config`. */
    private static final Set<String> COMPOSE_TOP_LEVEL_KEYS = Set.of("version", "services", "networks", "volumes",
            "secrets", "configs");
    private static final Set<String> COMPOSE_SERVICE_KEYS = Set.of("blkio_config", "build", "cap_add", "cap_drop",
            "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period",
            "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec",
            "depends_on", "deploy", "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname",
            "entrypoint", "env_file", "environment", "expose", "extends", "external_links", "extra_hosts",
            "group_add", "healthcheck", "hostname", "image", "init", "ipc", "isolation", "labels", "links", "logging",
            "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "network_mode",
            "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "privileged",
            "profiles", "pull_policy", "read_only", "restart", "runtime", "scale", "secrets", "security_opt",
            "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty",
            "ulimits", "user", "userns_mode", "volumes", "volumes_from", "working_dir");
    private static final Set<String> COMPOSE_HEALTHCHECK_KEYS = Set.of("disable", "interval", "retries",
            "start_period", "test", "timeout");
    /** Restart policies under which Docker restarts a container that exits non-zero. */
    private static final Pattern RESTARTS_ON_FAILURE = Pattern.compile("on-failure(:\\d+)?|always|unless-stopped");

    private static Path root;
    private static Manifests k8s;
    private static List<Doc> docs;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws IOException {
        root = Manifests.repositoryRoot();
        k8s = Manifests.read(root, manifestFiles());
        docs = k8s.docs();
        compose = YAML.readTree(withDefaults(read(root.resolve("docker-compose.yml"))));
    }

    /** The compose file as docker-compose reads it with no KPOOL_* variable set: every ${VAR:-default} its default. */
    static String withDefaults(String composeFile) {
        return composeFile.replaceAll("\\$\\{[A-Z0-9_]+:-([^}]*)}", "$1");
    }

    // ---------------------------------------------------------------- Kubernetes: the objects

    @Test
    void everyKubernetesManifestParsesIntoATypedObjectInTheKpoolNamespace() {
        assertThat(docs).as("k8s/*.yaml").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Doc doc : docs) {
            if (doc.object() instanceof GenericKubernetesResource generic) {
                problems.add(doc.where() + ": unknown apiVersion/kind " + generic.getApiVersion() + " " + generic.getKind());
                continue;
            }
            if (!(doc.object() instanceof HasMetadata object) || object.getMetadata() == null
                    || blank(object.getMetadata().getName())) {
                problems.add(doc.where() + ": no metadata.name");
                continue;
            }
            String namespace = object.getMetadata().getNamespace();
            if (object instanceof Namespace) {
                if (!"kpool".equals(object.getMetadata().getName())) {
                    problems.add(doc.where() + ": the namespace is kpool");
                }
            } else if (!"kpool".equals(namespace)) {
                problems.add(doc.where() + ": metadata.namespace is " + namespace + ", not kpool");
            }
        }
        assertThat(problems).as("manifests that are not typed Kubernetes objects").isEmpty();
        assertThat(kinds()).contains("Namespace", "ConfigMap", "Service", "StatefulSet", "Deployment",
                "PodDisruptionBudget");
    }

    @Test
    void everyKubernetesManifestHasOnlyKnownFields() {
        assertThat(k8s.unknownFields()).as("fields the Kubernetes API does not know (typos?)").isEmpty();
    }

    @Test
    void kustomizationListsEveryManifestAndNothingElse() throws IOException {
        JsonNode kustomization = YAML.readTree(read(root.resolve("k8s/kustomization.yaml")));
        assertThat(kustomization.path("kind").asString("")).isEqualTo("Kustomization");
        assertThat(kustomization.path("namespace").asString("")).isEqualTo("kpool");
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").values().forEach(r -> listed.add(r.asString()));
        Set<String> present = new TreeSet<>();
        for (Path file : manifestFiles()) {
            present.add(file.getFileName().toString());
        }
        assertThat(listed).as("resources of k8s/kustomization.yaml").isEqualTo(present);
        for (JsonNode image : kustomization.path("images").values()) {
            assertThat(image.path("name").asString("")).as("kustomization images[].name").isEqualTo("kpool");
        }
    }

    @Test
    void selectorsLabelsAndReferencesPointAtObjectsThatExist() {
        List<String> problems = new ArrayList<>();
        List<Workload> workloads = workloads();
        for (Workload w : workloads) {
            Map<String, String> labels = w.template().getMetadata() == null ? null : w.template().getMetadata().getLabels();
            if (!selects(w.selector(), labels)) {
                problems.add(w.where() + ": spec.selector does not select its own pod template's labels " + labels);
            }
        }
        for (Doc doc : docs) {
            if (doc.object() instanceof Service service && service.getSpec().getSelector() != null) {
                Map<String, String> selector = service.getSpec().getSelector();
                if (workloads.stream().noneMatch(w -> w.podLabels().entrySet().containsAll(selector.entrySet()))) {
                    problems.add(doc.where() + ": selector " + selector + " matches no pod template");
                }
                for (ServicePort port : service.getSpec().getPorts()) {
                    if (port.getTargetPort() != null && port.getTargetPort().getStrVal() != null
                            && workloads.stream().filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet()))
                                    .flatMap(w -> w.pod().getContainers().stream())
                                    .flatMap(c -> c.getPorts() == null ? Stream.empty() : c.getPorts().stream())
                                    .noneMatch(p -> port.getTargetPort().getStrVal().equals(p.getName()))) {
                        problems.add(doc.where() + ": targetPort " + port.getTargetPort().getStrVal()
                                + " names no container port of the pods it selects");
                    }
                }
            }
            if (doc.object() instanceof PodDisruptionBudget pdb) {
                if (workloads.stream().noneMatch(w -> selects(pdb.getSpec().getSelector(), w.podLabels()))) {
                    problems.add(doc.where() + ": selects no pod template");
                }
            }
            if (doc.object() instanceof StatefulSet set) {
                String serviceName = set.getSpec().getServiceName();
                Optional<Service> governing = objects(Service.class).stream()
                        .filter(s -> s.getMetadata().getName().equals(serviceName)).findFirst();
                if (governing.isEmpty() || !"None".equals(governing.get().getSpec().getClusterIP())) {
                    problems.add(doc.where() + ": serviceName " + serviceName + " is not a headless Service here");
                }
            }
        }
        for (Workload w : workloads) {
            Set<String> volumes = new HashSet<>();
            if (w.pod().getVolumes() != null) {
                w.pod().getVolumes().forEach(v -> volumes.add(v.getName()));
            }
            if (w.owner() instanceof StatefulSet set && set.getSpec().getVolumeClaimTemplates() != null) {
                set.getSpec().getVolumeClaimTemplates().forEach(t -> volumes.add(t.getMetadata().getName()));
            }
            for (Container c : w.pod().getContainers()) {
                for (VolumeMount mount : nonNull(c.getVolumeMounts())) {
                    if (!volumes.contains(mount.getName())) {
                        problems.add(w.where() + " container " + c.getName() + ": mounts undeclared volume " + mount.getName());
                    }
                }
                Set<String> defined = new HashSet<>();
                for (EnvVar var : nonNull(c.getEnv())) {
                    if (var.getValue() != null) {
                        Matcher ref = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(var.getValue());
                        while (ref.find()) {
                            if (!defined.contains(ref.group(1))) {
                                problems.add(w.where() + " container " + c.getName() + ": " + var.getName()
                                        + " refers to $(" + ref.group(1) + "), which is not defined before it");
                            }
                        }
                    }
                    ConfigMapKeySelector key = var.getValueFrom() == null ? null : var.getValueFrom().getConfigMapKeyRef();
                    if (key != null && configMapData(key.getName()).map(d -> !d.containsKey(key.getKey())).orElse(true)) {
                        problems.add(w.where() + " container " + c.getName() + ": " + var.getName()
                                + " refers to missing ConfigMap key " + key.getName() + "/" + key.getKey());
                    }
                    defined.add(var.getName());
                }
                for (EnvFromSource from : nonNull(c.getEnvFrom())) {
                    if (from.getConfigMapRef() != null && configMapData(from.getConfigMapRef().getName()).isEmpty()) {
                        problems.add(w.where() + " container " + c.getName() + ": envFrom refers to missing ConfigMap "
                                + from.getConfigMapRef().getName());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void environmentValuesAreYamlStrings() {
        // Kubernetes rejects `value: 1` or `value: true` where a string belongs; fabric8 would not notice.
        List<String> problems = new ArrayList<>();
        for (Doc doc : docs) {
            doc.tree().path("data").properties().forEach(e -> {
                if (!e.getValue().isString()) {
                    problems.add(doc.where() + ": data." + e.getKey() + " is not a string; quote it");
                }
            });
            collectNonStringEnvValues(doc.tree(), doc.where(), problems);
        }
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------- Kubernetes: kpool's containers

    @Test
    void everyKpoolContainersArgsParseWithKpoolsCommandLine() {
        List<KpoolContainer> containers = kubernetesKpoolContainers();
        assertThat(containers.stream().map(KpoolContainer::command)).containsExactlyInAnyOrder("dispatcher", "supervisor");
        for (KpoolContainer c : containers) {
            assertThat(c.container().getCommand()).as(c.where() + ": command (keep the image's entrypoint)").isNullOrEmpty();
        }
    }

    @Test
    void everyKpoolVariableGivenToAKubernetesContainerIsAnOptionOfItsCommand() {
        List<String> problems = new ArrayList<>();
        for (KpoolContainer c : kubernetesKpoolContainers()) {
            problems.addAll(unknownKpoolVariables(c));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyConfigMapSettingIsAKpoolVariableThatSomeContainerReads() {
        List<ConfigMap> maps = objects(ConfigMap.class);
        assertThat(maps).as("ConfigMaps").isNotEmpty();
        Set<String> read = new HashSet<>();
        for (Workload w : workloads()) {
            for (Container c : w.pod().getContainers()) {
                for (EnvVar var : nonNull(c.getEnv())) {
                    if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
                        ConfigMapKeySelector key = var.getValueFrom().getConfigMapKeyRef();
                        read.add(key.getName() + "/" + key.getKey());
                        assertThat(var.getName()).as(w.where() + ": a ConfigMap key is given under its own name")
                                .isEqualTo(key.getKey());
                    }
                }
                for (EnvFromSource from : nonNull(c.getEnvFrom())) {
                    if (from.getConfigMapRef() != null) {
                        configMapData(from.getConfigMapRef().getName()).orElse(Map.of()).keySet()
                                .forEach(k -> read.add(from.getConfigMapRef().getName() + "/" + k));
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (ConfigMap map : maps) {
            for (String key : map.getData().keySet()) {
                if (!key.startsWith("KPOOL_")) {
                    problems.add(map.getMetadata().getName() + "/" + key + ": not a KPOOL_* setting");
                }
                if (!read.contains(map.getMetadata().getName() + "/" + key)) {
                    problems.add(map.getMetadata().getName() + "/" + key + ": no container reads it");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noServiceIsNamedKafkaAndNoPodKeepsServiceLinks() {
        assertThat(objects(Service.class)).extracting(s -> s.getMetadata().getName())
                .as("a Service named kafka injects KAFKA_PORT into pods, which apache/kafka takes for a setting")
                .doesNotContain("kafka");
        for (Workload w : workloads()) {
            assertThat(w.pod().getEnableServiceLinks()).as(w.where() + ": spec.template.spec.enableServiceLinks").isFalse();
        }
    }

    @Test
    void terminationGraceOutlastsTheShutdownGrace() {
        for (KpoolContainer c : kubernetesKpoolContainers()) {
            Long grace = c.workload().pod().getTerminationGracePeriodSeconds();
            assertThat(grace).as(c.where() + ": terminationGracePeriodSeconds").isNotNull();
            assertThat(Duration.ofSeconds(grace)).as(c.where() + ": terminationGracePeriodSeconds vs --shutdown-grace "
                    + shutdownGrace(c.parsed())).isGreaterThanOrEqualTo(shutdownGrace(c.parsed()).plus(EXIT_MARGIN));
        }
    }

    @Test
    void probesAskTheRolesHttpPortAndItsDirectoriesAreWritable() {
        for (KpoolContainer c : kubernetesKpoolContainers()) {
            Integer port = (Integer) option(c.parsed(), "--http-port");
            assertThat(port).as(c.where() + ": --http-port (or KPOOL_HTTP_PORT)").isNotNull();
            Container container = c.container();
            assertThat(container.getPorts()).as(c.where() + ": the container's port named http")
                    .anySatisfy(p -> {
                        assertThat(p.getName()).isEqualTo("http");
                        assertThat(p.getContainerPort()).isEqualTo(port);
                    });
            assertThat(c.workload().template().getMetadata().getAnnotations())
                    .as(c.where() + ": Prometheus scrape annotations")
                    .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", String.valueOf(port))
                    .containsEntry("prometheus.io/path", "/metrics");
            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("/healthz", container.getLivenessProbe());
            probes.put("/readyz", container.getReadinessProbe());
            if (container.getStartupProbe() != null) {
                probes.put("/healthz ", container.getStartupProbe());
            }
            probes.forEach((path, probe) -> {
                assertThat(probe).as(c.where() + ": a probe of " + path.strip()).isNotNull();
                assertThat(probe.getHttpGet()).as(c.where() + ": an HTTP probe of " + path.strip()).isNotNull();
                assertThat(probe.getHttpGet().getPath()).as(c.where() + ": probe path").isEqualTo(path.strip());
                assertThat(probe.getHttpGet().getPort().getStrVal()).as(c.where() + ": probe port").isEqualTo("http");
            });
            if (Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem())) {
                Object runDir = c.parsed().commandSpec().findOption("--run-dir") == null ? null : option(c.parsed(), "--run-dir");
                if ("supervisor".equals(c.command())) {
                    assertThat(runDir).as(c.where() + ": --run-dir, where worker logs go").isNotNull();
                    assertWritable(c, (Path) runDir, "--run-dir");
                }
                assertWritable(c, Path.of("/tmp"), "the JVM's temporary files");
            }
        }
    }

    @Test
    void kpoolPodsRunAsTheImagesNonRootUser() throws IOException {
        long imageUser = Long.parseLong(dockerfileUser().split(":")[0]);
        for (Workload w : workloads()) {
            PodSecurityContext pod = w.pod().getSecurityContext();
            assertThat(pod).as(w.where() + ": pod securityContext").isNotNull();
            assertThat(pod.getRunAsNonRoot()).as(w.where() + ": runAsNonRoot").isTrue();
            assertThat(pod.getRunAsUser()).as(w.where() + ": runAsUser").isNotNull().isNotZero();
            for (Container c : w.pod().getContainers()) {
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as(w.where() + " " + c.getName() + ": securityContext").isNotNull();
                assertThat(sc.getAllowPrivilegeEscalation()).as(w.where() + ": allowPrivilegeEscalation").isFalse();
                assertThat(sc.getCapabilities().getDrop()).as(w.where() + ": capabilities.drop").contains("ALL");
                if (isKpool(c)) {
                    assertThat(pod.getRunAsUser()).as(w.where() + ": runAsUser is the Dockerfile's USER").isEqualTo(imageUser);
                    assertThat(sc.getReadOnlyRootFilesystem()).as(w.where() + ": readOnlyRootFilesystem").isTrue();
                }
            }
        }
    }

    @Test
    void kpoolContainersRunTheLocallyBuiltImage() {
        for (KpoolContainer c : kubernetesKpoolContainers()) {
            assertThat(c.container().getImage()).as(c.where()).isEqualTo(KPOOL_IMAGE);
            assertThat(c.container().getImagePullPolicy()).as(c.where()).isEqualTo("IfNotPresent");
        }
    }

    @Test
    void everyDispatcherReplicaHasItsOwnStableIdFromItsPodName() {
        List<KpoolContainer> dispatchers = kubernetesKpoolContainers().stream()
                .filter(c -> c.command().equals("dispatcher")).toList();
        assertThat(dispatchers).hasSize(1);
        KpoolContainer d = dispatchers.get(0);
        assertThat(d.workload().owner()).isInstanceOf(Deployment.class);
        assertThat(d.workload().replicas()).as("dispatcher replicas").isEqualTo(2);
        EnvVar id = nonNull(d.container().getEnv()).stream().filter(v -> v.getName().equals("KPOOL_ID")).findFirst()
                .orElseThrow(() -> new AssertionError(d.where() + ": no KPOOL_ID"));
        assertThat(id.getValueFrom()).as(d.where() + ": KPOOL_ID from the downward API").isNotNull();
        assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(option(d.parsed(), "--id")).as(d.where() + ": --id is the pod name (an --id in args would be"
                + " shared by every replica)").isEqualTo(d.env().get("KPOOL_ID"));
    }

    @Test
    void everyKpoolWorkloadHasAPodDisruptionBudget() {
        for (KpoolContainer c : kubernetesKpoolContainers()) {
            assertThat(objects(PodDisruptionBudget.class)).as(c.where() + ": a PodDisruptionBudget selects its pods")
                    .anyMatch(pdb -> selects(pdb.getSpec().getSelector(), c.workload().podLabels()));
        }
    }

    @Test
    void theSupervisorReplicasOwnTheSlotsOfTheirOrdinalsWhichTogetherAreThePool() {
        List<KpoolContainer> supervisors = kubernetesKpoolContainers().stream()
                .filter(c -> c.command().equals("supervisor")).toList();
        assertThat(supervisors).hasSize(1);
        Workload set = supervisors.get(0).workload();
        assertThat(set.owner()).as(set.where() + ": stable pod names with an ordinal").isInstanceOf(StatefulSet.class);
        assertThat(set.replicas()).as(set.where() + ": replicas").isEqualTo(2);
        List<Integer> owned = new ArrayList<>();
        int perPod = 0;
        for (int ordinal = 0; ordinal < set.replicas(); ordinal++) {
            KpoolContainer pod = KpoolCommandLines.of(k8s, set, supervisors.get(0).container(), set.podName(ordinal));
            assertThat(pod.option("--slots")).as(pod.where() + ": --slots (each replica would get the same)").isNull();
            assertThat(pod.option("--ordinal")).as(pod.where() + " in pod " + set.podName(ordinal) + ": --ordinal")
                    .isEqualTo(set.podName(ordinal));
            assertThat(pod.option("--name")).as(pod.where() + ": --name, distinct per pod").isEqualTo(set.podName(ordinal));
            perPod = (int) pod.option("--workers");
            owned.addAll(Slots.ofOrdinal("--ordinal", (String) pod.option("--ordinal"), perPod, 1023));
        }
        assertThat(owned).as("the slots of " + set.replicas() + " pods of " + perPod + " workers")
                .containsExactlyElementsOf(IntStream.range(0, set.replicas() * perPod).boxed().toList());
        assertThat(objects(PodDisruptionBudget.class)).filteredOn(p -> selects(p.getSpec().getSelector(), set.podLabels()))
                .singleElement().satisfies(p -> assertThat(p.getSpec().getMaxUnavailable().getIntVal())
                        .as("a drain takes one supervisor at a time").isEqualTo(1));
    }

    @Test
    void kubernetesMemoryLimitsHoldEveryJvmOfAContainer() {
        for (KpoolContainer c : kubernetesKpoolContainers()) {
            assertThat(c.env()).as(c.where() + ": the role's own JVM takes KPOOL_JAVA_OPTS (JAVA_TOOL_OPTIONS would "
                    + "reach the workers' JVMs too)").doesNotContainKey("JAVA_TOOL_OPTIONS").containsKey("KPOOL_JAVA_OPTS");
            var resources = c.container().getResources();
            assertThat(resources).as(c.where() + ": resources").isNotNull();
            for (String resource : List.of("cpu", "memory")) {
                Quantity request = resources.getRequests().get(resource);
                Quantity limit = resources.getLimits().get(resource);
                assertThat(request).as(c.where() + ": requests." + resource).isNotNull();
                assertThat(limit).as(c.where() + ": limits." + resource).isNotNull();
                assertThat(Quantity.getAmountInBytes(request)).as(c.where() + ": request <= limit for " + resource)
                        .isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
            }
            long limit = Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValueExact();
            assertThat(limit).as(c.where() + ": limits.memory vs " + memoryBudgetText(c))
                    .isGreaterThanOrEqualTo(memoryBudget(c));
        }
        for (Workload w : workloads()) {
            for (Container c : w.pod().getContainers()) {
                if (c.getImage().startsWith("apache/kafka:")) {
                    long heap = maxHeap(env(w, c).get("KAFKA_HEAP_OPTS"))
                            .orElseThrow(() -> new AssertionError(w.where() + ": KAFKA_HEAP_OPTS -Xmx"));
                    assertThat(Quantity.getAmountInBytes(c.getResources().getLimits().get("memory")).longValueExact())
                            .as(w.where() + ": Kafka's memory limit vs its heap").isGreaterThanOrEqualTo(heap + KAFKA_OVERHEAD);
                }
            }
        }
    }

    @Test
    void kubernetesRolesAgreeOnKafkaAndTheirBootstrapReachesTheBroker() {
        List<KpoolContainer> containers = kubernetesKpoolContainers();
        assertAgree(containers);
        String bootstrap = (String) option(containers.get(0).parsed(), "--bootstrap");
        for (String address : bootstrap.split(",")) {
            String host = address.substring(0, address.lastIndexOf(':')).split("\\.")[0];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            Service service = objects(Service.class).stream().filter(s -> s.getMetadata().getName().equals(host))
                    .findFirst().orElseThrow(() -> new AssertionError("--bootstrap " + address + ": no Service " + host));
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).as("Service " + host).contains(port);
            assertThat(workloads().stream().filter(w -> w.podLabels().entrySet()
                    .containsAll(service.getSpec().getSelector().entrySet()))
                    .flatMap(w -> w.pod().getContainers().stream()).map(Container::getImage))
                    .as("Service " + host + " selects the Kafka pods").containsOnly(KAFKA_IMAGE);
        }
    }

    // ---------------------------------------------------------------- Kafka, everywhere

    @Test
    void theKafkaImageIsApacheKafka412Everywhere() throws IOException {
        List<String> images = new ArrayList<>();
        for (Workload w : workloads()) {
            w.pod().getContainers().stream().map(Container::getImage).filter(i -> !i.equals(KPOOL_IMAGE)).forEach(images::add);
        }
        compose.path("services").values().forEach(s -> {
            String image = s.path("image").asString("");
            if (!image.equals(KPOOL_IMAGE)) {
                images.add(image);
            }
        });
        assertThat(images).as("images other than kpool's").isNotEmpty().containsOnly(KAFKA_IMAGE);
        assertThat(KAFKA_IMAGE).as("the containers' Kafka (pom.xml's kafka.image.version)")
                .startsWith("apache/kafka:" + kafkaImageVersion() + "@");
        for (Path file : deploymentFiles()) {
            Matcher other = Pattern.compile("apache/kafka:([\\w.-]+(@sha256:\\w+)?)").matcher(read(file));
            while (other.find()) {
                assertThat(other.group()).as(root.relativize(file).toString()).isEqualTo(KAFKA_IMAGE);
            }
        }
    }

    @Test
    void everyKafkaVariableIsABrokerSettingAndTheSingleNodeKeepsOneReplica() {
        Set<String> brokerSettings = AbstractKafkaConfig.CONFIG_DEF.names();
        Map<String, Map<String, String>> kafkaEnvs = new LinkedHashMap<>();
        for (Workload w : workloads()) {
            for (Container c : w.pod().getContainers()) {
                if (c.getImage().equals(KAFKA_IMAGE)) {
                    kafkaEnvs.put(w.where(), env(w, c));
                    assertThat(w.replicas()).as(w.where() + ": a single-node KRaft quorum").isEqualTo(1);
                }
            }
        }
        compose.path("services").properties().forEach(e -> {
            if (e.getValue().path("image").asString("").equals(KAFKA_IMAGE)) {
                kafkaEnvs.put("docker-compose.yml " + e.getKey(), composeEnvironment(e.getValue()));
            }
        });
        assertThat(kafkaEnvs).hasSize(2);
        List<String> problems = new ArrayList<>();
        kafkaEnvs.forEach((where, env) -> {
            env.forEach((name, value) -> {
                if (name.startsWith("KAFKA_") && !KAFKA_SCRIPT_VARIABLES.contains(name)
                        && !brokerSettings.contains(brokerSetting(name))) {
                    problems.add(where + ": " + name + " is no broker setting (" + brokerSetting(name) + ")");
                }
            });
            for (String setting : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
                if (!"1".equals(env.get(setting))) {
                    problems.add(where + ": " + setting + " must be 1 on a single node, but is " + env.get(setting));
                }
            }
            for (String required : List.of("CLUSTER_ID", "KAFKA_NODE_ID", "KAFKA_PROCESS_ROLES",
                    "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS")) {
                if (blank(env.get(required))) {
                    problems.add(where + ": " + required + " is not set");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------- docker-compose.yml

    @Test
    void composeFileUsesOnlyKeysDockerCompose129Accepts() {
        List<String> problems = new ArrayList<>();
        compose.propertyNames().forEach(key -> {
            if (!COMPOSE_TOP_LEVEL_KEYS.contains(key) && !key.startsWith("x-")) {
                problems.add("top-level key " + key + (key.equals("name") ? " (docker-compose 1.29 rejects it)" : ""));
            }
        });
        compose.path("services").properties().forEach(e -> {
            e.getValue().propertyNames().forEach(key -> {
                if (!COMPOSE_SERVICE_KEYS.contains(key) && !key.startsWith("x-")) {
                    problems.add("services." + e.getKey() + "." + key);
                }
            });
            e.getValue().path("healthcheck").propertyNames().forEach(key -> {
                if (!COMPOSE_HEALTHCHECK_KEYS.contains(key)) {
                    problems.add("services." + e.getKey() + ".healthcheck." + key
                            + (key.equals("start_interval") ? " (docker-compose 1.29 rejects it)" : ""));
                }
            });
        });
        assertThat(problems).as("keys docker-compose 1.29.2 does not accept").isEmpty();
        assertThat(compose.path("services").propertyNames()).contains("kafka", "dispatcher", "supervisor");
    }

    @Test
    void composeKpoolCommandsParseAndTheirVariablesAreOptions() {
        List<KpoolContainer> services = composeKpoolServices();
        assertThat(services.stream().map(KpoolContainer::command)).containsExactlyInAnyOrder("dispatcher", "supervisor");
        List<String> problems = new ArrayList<>();
        for (KpoolContainer s : services) {
            problems.addAll(unknownKpoolVariables(s));
        }
        assertThat(problems).isEmpty();
        assertAgree(services);
        for (KpoolContainer s : services) {
            assertThat(s.command().equals("dispatcher") ? option(s.parsed(), "--id") : option(s.parsed(), "--name"))
                    .as(s.where() + ": a fixed --id / --name, kept across restarts").isNotNull();
        }
    }

    @Test
    void composeRestartsRolesThatFailAndStopsThemGracefully() {
        for (KpoolContainer s : composeKpoolServices()) {
            JsonNode service = compose.path("services").path(s.name());
            assertThat(service.path("restart").asString("")).as(s.where() + ": restart").matches(RESTARTS_ON_FAILURE);
            assertThat(goDuration(service.path("stop_grace_period").asString("10s")))
                    .as(s.where() + ": stop_grace_period vs --shutdown-grace " + shutdownGrace(s.parsed()))
                    .isGreaterThanOrEqualTo(shutdownGrace(s.parsed()).plus(EXIT_MARGIN));
            assertThat(service.path("depends_on").path("kafka").path("condition").asString(""))
                    .as(s.where() + ": waits for a healthy Kafka").isEqualTo("service_healthy");
            Integer port = (Integer) option(s.parsed(), "--http-port");
            assertThat(port).as(s.where() + ": --http-port").isNotNull();
            JsonNode healthcheck = service.path("healthcheck").path("test");
            List<String> test = new ArrayList<>();
            if (healthcheck.isString()) {
                test.add(healthcheck.asString());
            }
            healthcheck.values().forEach(t -> test.add(t.asString()));
            assertThat(String.join(" ", test)).as(s.where() + ": healthcheck.test GETs /healthz on --http-port")
                    .contains("/dev/tcp/127.0.0.1/" + port).contains("GET /healthz ");
            assertThat(service.path("ports").values().stream().map(JsonNode::asString).toList())
                    .as(s.where() + ": --http-port published on the host's loopback").anySatisfy(p -> assertThat(p)
                            .startsWith("127.0.0.1:").endsWith(":" + port));
            assertThat(memoryOf(service.path("mem_limit").asString("")))
                    .as(s.where() + ": mem_limit vs " + memoryBudgetText(s)).isGreaterThanOrEqualTo(memoryBudget(s));
            assertThat(service.has("build")).as(s.where() + ": built from the Dockerfile here").isTrue();
        }
        JsonNode kafka = compose.path("services").path("kafka");
        assertThat(kafka.path("healthcheck").path("test").isMissingNode()).as("kafka's healthcheck").isFalse();
        assertThat(kafka.path("restart").asString("")).matches(RESTARTS_ON_FAILURE);
        List<String> advertised = Arrays.stream(composeEnvironment(kafka).get("KAFKA_ADVERTISED_LISTENERS").split(","))
                .map(l -> l.substring(l.indexOf("://") + 3)).toList();
        for (KpoolContainer s : composeKpoolServices()) {
            assertThat(advertised).as(s.where() + ": --bootstrap is an address Kafka advertises")
                    .contains((String) option(s.parsed(), "--bootstrap"));
        }
    }

    @Test
    void composeFilePassesDockerComposeConfig() throws Exception {
        Optional<Path> dockerCompose = onPath("docker-compose");
        Assumptions.assumeTrue(dockerCompose.isPresent(), "docker-compose is not installed");
        Process process = new ProcessBuilder(dockerCompose.get().toString(), "-f", "docker-compose.yml", "config", "-q")
                .directory(root.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("docker-compose config did not finish in 120 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("docker-compose -f docker-compose.yml config -q:\n" + output).isZero();
    }

    @Test
    void kustomizeBuildsTheManifests() throws Exception {
        Optional<String> rendered = Manifests.render(root);
        Assumptions.assumeTrue(rendered.isPresent(), "neither kubectl nor kustomize is installed");
        Manifests built = Manifests.parse("kubectl kustomize k8s", rendered.get());
        assertThat(built.docs()).as("objects kustomize builds").hasSize(docs.size());
        assertThat(built.unknownFields()).as("fields the Kubernetes API does not know, after kustomize").isEmpty();
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void composeHasAClientServiceOnKafkasInternalAddress() {
        JsonNode tools = compose.path("services").path("kpool");
        assertThat(tools.path("image").asString("")).isEqualTo(KPOOL_IMAGE);
        assertThat(tools.path("profiles").values().stream().map(JsonNode::asString).toList())
                .as("`docker-compose up` leaves the client service alone").containsExactly("tools");
        List<String> advertised = Arrays.stream(composeEnvironment(compose.path("services").path("kafka"))
                .get("KAFKA_ADVERTISED_LISTENERS").split(",")).map(l -> l.substring(l.indexOf("://") + 3)).toList();
        assertThat(advertised).contains(composeEnvironment(tools).get("KPOOL_BOOTSTRAP"));
    }

    @Test
    void composeImagesAreSettingsWhoseDefaultsAreTheOfficialImages() throws IOException {
        String raw = read(root.resolve("docker-compose.yml"));
        assertThat(raw).contains("image: ${KPOOL_KAFKA_IMAGE:-" + KAFKA_IMAGE + "}");
        compose.path("services").properties().forEach(e -> {
            if (e.getValue().has("build")) {
                assertThat(e.getValue().path("build").path("args").values().stream().map(JsonNode::asString).toList())
                        .as(e.getKey() + ": the base images, passed on from the environment when set")
                        .containsExactlyInAnyOrder("KPOOL_BUILD_IMAGE", "KPOOL_RUNTIME_IMAGE");
            }
        });
    }

    @Test
    void dockerfileBuildsWithMavenAndRunsTheJarAsANonRootUser() throws IOException {
        List<String[]> instructions = dockerfile();
        List<String> froms = instructions.stream().filter(i -> i[0].equals("FROM")).map(i -> i[1]).toList();
        assertThat(froms).as("FROM").containsExactly("${KPOOL_BUILD_IMAGE:-$DEFAULT_BUILD_IMAGE} AS build",
                "${KPOOL_RUNTIME_IMAGE:-$DEFAULT_RUNTIME_IMAGE}");
        assertThat(dockerfileArg("DEFAULT_BUILD_IMAGE")).as("the official build image, pinned")
                .matches("maven:3\\.9[\\w.-]*-eclipse-temurin-17@sha256:[0-9a-f]{64}");
        assertThat(dockerfileArg("DEFAULT_RUNTIME_IMAGE")).as("the official runtime image, pinned")
                .matches("eclipse-temurin:17[\\w.-]*-jre[\\w.-]*@sha256:[0-9a-f]{64}");
        assertThat(instructions).as("RUN mvn ... package").anyMatch(i -> i[0].equals("RUN")
                && i[1].contains("mvn -B -q -DskipTests -pl modules/cli -am package"));
        assertThat(instructions).as("COPY of the jar").anyMatch(i -> i[0].equals("COPY")
                && i[1].matches("--from=build \\S*modules/cli/target/kpool\\.jar " + Pattern.quote(ENTRYPOINT_JAR)));
        assertThat(dockerfileUser()).as("USER (numeric, for runAsNonRoot)").matches("[1-9][0-9]*(:[0-9]+)?");
        List<String> entrypoint = instructions.stream().filter(i -> i[0].equals("ENTRYPOINT"))
                .map(i -> YAML.readValue(i[1], String[].class)).map(List::of).reduce((a, b) -> b).orElseThrow();
        assertThat(entrypoint).as("tini reaps; the launcher runs the jar").containsExactly("/usr/bin/tini", "--", LAUNCHER);
        assertThat(instructions).as("tini installed").anyMatch(i -> i[0].equals("RUN") && i[1].contains(" tini"));
        assertThat(instructions).as("COPY of the launcher").anyMatch(i -> i[0].equals("COPY")
                && i[1].equals("docker/kpool/kpool " + LAUNCHER));
        String launcher = read(root.resolve("docker/kpool/kpool"));
        assertThat(launcher).as("the launcher runs the jar with KPOOL_JAVA_OPTS")
                .containsPattern("exec java \\$\\{KPOOL_JAVA_OPTS-[^}]*} -jar " + Pattern.quote(ENTRYPOINT_JAR) + " \"\\$@\"");
        String labels = instructions.stream().filter(i -> i[0].equals("LABEL")).map(i -> i[1]).reduce("", String::concat);
        for (String label : List.of("title", "description", "version", "revision", "created", "base.name")) {
            assertThat(labels).as("OCI label").contains("org.opencontainers.image." + label + "=");
        }
        assertThat(dockerfileArg("VERSION")).as("the image's version label is the project's").isEqualTo(projectVersion());
    }

    @Test
    void theLocalKafkaImageBuildsTheContainersKafka() throws IOException {
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
                .matcher(read(root.resolve("docker/kafka/pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(version.group(1)).as("docker/kafka/pom.xml").isEqualTo(kafkaImageVersion());
        assertThat(read(root.resolve("docker/kafka/Dockerfile"))).contains("ARG KAFKA_VERSION=" + kafkaImageVersion())
                .contains("CMD [\"/etc/kafka/docker/run\"]");
        assertThat(Files.isExecutable(root.resolve("docker/kafka/docker/run"))).as("the launch path Testcontainers calls")
                .isTrue();
        assertThat(Files.isExecutable(root.resolve("docker/kafka/bin/kafka-broker-api-versions.sh")))
                .as("compose's healthcheck").isTrue();
    }

    @Test
    void dockerfileCopiesThePomOfEveryModule() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read(root.resolve("pom.xml")));
        Set<String> modules = new TreeSet<>();
        while (module.find()) {
            modules.add(module.group(1).trim());
        }
        Set<String> copied = new TreeSet<>();
        for (String[] i : dockerfile()) {
            Matcher pom = Pattern.compile("^(\\S+)/pom\\.xml \\S+$").matcher(i[1]);
            if (i[0].equals("COPY") && pom.matches()) {
                copied.add(pom.group(1));
            }
        }
        assertThat(copied).as("modules whose pom.xml the Dockerfile copies before the dependency download "
                + "(Maven needs every module of the parent pom)").isEqualTo(modules);
    }

    @Test
    void dockerignoreKeepsBuildOutputAndGitOutOfTheContext() throws IOException {
        List<String> patterns = read(root.resolve(".dockerignore")).lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(patterns).contains("**/target/", ".git/");
        assertThat(patterns).as("the build needs these").doesNotContain("pom.xml", "modules", "modules/");
    }

    // ================================================================ kpool's command line

    /** The shutdown grace of a role that has one; the others stop within their current transaction. */
    private static Duration shutdownGrace(CommandLine.ParseResult parsed) {
        return parsed.commandSpec().findOption("--shutdown-grace") == null ? Duration.ZERO
                : (Duration) option(parsed, "--shutdown-grace");
    }

    /** The roles of one deployment read the same Kafka, topics and heartbeat timeout. */
    private static void assertAgree(List<KpoolContainer> containers) {
        for (String name : List.of("--bootstrap", "--prefix", "--heartbeat-timeout")) {
            Set<Object> values = containers.stream().map(c -> option(c.parsed(), name)).collect(Collectors.toSet());
            assertThat(values).as(name + " of " + containers.stream().map(KpoolContainer::where).toList()).hasSize(1);
        }
    }

    /**
     * The memory the JVMs of a kpool container need, each at its heap cap: the role's and, for a
     * supervisor, every worker's, its spares' and the one-off training run's (unless
     * {@code --class-data-dir none}).
     */
    private static long memoryBudget(KpoolContainer c) {
        // JAVA_TOOL_OPTIONS reaches every JVM of the container, the workers' too (whose own options
        // come later on their command line, and win).
        String toolOptions = c.env().getOrDefault("JAVA_TOOL_OPTIONS", "");
        long roleHeap = maxHeap(c.env().getOrDefault("KPOOL_JAVA_OPTS", toolOptions)).orElseThrow(() ->
                new AssertionError(c.where() + ": bound the role's heap: KPOOL_JAVA_OPTS=-Xmx..."));
        long budget = roleHeap + ROLE_OVERHEAD;
        if (c.command().equals("supervisor")) {
            String workerOptions = c.env().containsKey("KPOOL_WORKER_JAVA_OPTS") ? c.env().get("KPOOL_WORKER_JAVA_OPTS")
                    : defaultWorkerJavaOptions();
            long workerHeap = maxHeap(toolOptions + " " + workerOptions).orElseThrow();
            int jvms = (int) c.option("--workers") + (int) c.option("--spares")
                    + ("none".equals(c.option("--class-data-dir")) ? 0 : 1);
            budget += jvms * (workerHeap + WORKER_OVERHEAD);
        }
        return budget;
    }

    private static String memoryBudgetText(KpoolContainer c) {
        return "the JVMs' needs, " + memoryBudget(c) / mib(1) + " MiB";
    }

    private static String defaultWorkerJavaOptions() {
        try {
            Field field = Class.forName("io.kpool.cli.SelfLauncher").getDeclaredField("DEFAULT_WORKER_JAVA_OPTS");
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("kpool's default worker JVM options (SelfLauncher.DEFAULT_WORKER_JAVA_OPTS)", e);
        }
    }

    /** The last -Xmx of a JVM option string, in bytes. */
    private static Optional<Long> maxHeap(String options) {
        if (options == null) {
            return Optional.empty();
        }
        Long heap = null;
        Matcher m = Pattern.compile("(?:^|\\s)-Xmx(\\d+)([kKmMgG]?)(?=\\s|$)").matcher(options);
        while (m.find()) {
            heap = Long.parseLong(m.group(1)) * unit(m.group(2));
        }
        return Optional.ofNullable(heap);
    }

    /** A Docker memory size: 512m, 1g, 1536m, 2GB, bytes. */
    private static long memoryOf(String size) {
        Matcher m = Pattern.compile("(\\d+)\\s*([bBkKmMgG]?)[bB]?").matcher(size.trim());
        assertThat(m.matches()).as("memory size " + size).isTrue();
        return Long.parseLong(m.group(1)) * unit(m.group(2));
    }

    private static long unit(String suffix) {
        return switch (suffix.toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> throw new IllegalArgumentException(suffix);
        };
    }

    private static long mib(long n) {
        return n << 20;
    }

    /** A Go duration as Compose writes them: 30s, 1m30s, 1500ms. */
    private static Duration goDuration(String text) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|ns)").matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double amount = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                case "us" -> 1_000L;
                default -> 1L;
            };
            total = total.plusNanos((long) (amount * nanos));
            end = m.end();
        }
        assertThat(end).as("duration " + text).isEqualTo(text.length()).isPositive();
        return total;
    }

    /**
     * The broker setting apache/kafka's image makes of a variable: KAFKA_ dropped, a single
     * underscore becomes a dot, ___ a dash, __ an underscore, all in lower case (its ConvertKey).
     */
    static String brokerSetting(String variable) {
        String key = variable.substring("KAFKA_".length());
        Matcher m = Pattern.compile("[^_]_[^_]").matcher(key);
        StringBuilder dotted = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(dotted, Matcher.quoteReplacement(m.group().replace('_', '.')));
        }
        m.appendTail(dotted);
        return dotted.toString().replace("___", "-").replace("__", "_").toLowerCase(Locale.ROOT);
    }

    // ================================================================ Kubernetes model helpers

    private static List<Workload> workloads() {
        return k8s.workloads();
    }

    private static List<KpoolContainer> kubernetesKpoolContainers() {
        return KpoolCommandLines.kubernetes(k8s);
    }

    /** A container's environment as the process in its workload's first pod sees it. */
    private static Map<String, String> env(Workload w, Container c) {
        return k8s.env(w, c, w.podName(0));
    }

    private static Optional<Map<String, String>> configMapData(String name) {
        return k8s.configMapData(name);
    }

    private static <T> List<T> objects(Class<T> type) {
        return k8s.objects(type);
    }

    private static Set<String> kinds() {
        return k8s.kinds();
    }

    private static void assertWritable(KpoolContainer c, Path path, String what) {
        assertThat(nonNull(c.container().getVolumeMounts()))
                .as(c.where() + ": " + what + " (" + path + ") must be on a writable volume: the root file system is read-only")
                .anyMatch(m -> !Boolean.TRUE.equals(m.getReadOnly()) && path.startsWith(m.getMountPath()));
    }

    /** Every {@code env[].value} below {@code node} must be a YAML string. */
    private static void collectNonStringEnvValues(JsonNode node, String where, List<String> problems) {
        if (node.isObject()) {
            JsonNode env = node.path("env");
            if (env.isArray()) {
                for (JsonNode var : env.values()) {
                    if (var.has("value") && !var.get("value").isString()) {
                        problems.add(where + ": env " + var.path("name").asString("") + " has a value that is not a string; quote it");
                    }
                }
            }
            node.values().forEach(child -> collectNonStringEnvValues(child, where, problems));
        } else if (node.isArray()) {
            node.values().forEach(child -> collectNonStringEnvValues(child, where, problems));
        }
    }

    // ================================================================ Compose and Dockerfile helpers

    private static List<KpoolContainer> composeKpoolServices() {
        List<KpoolContainer> found = new ArrayList<>();
        compose.path("services").properties().forEach(e -> {
            JsonNode service = e.getValue();
            if (!service.path("image").asString("").equals(KPOOL_IMAGE) || service.has("profiles")) {
                return;
            }
            String where = "docker-compose.yml service " + e.getKey();
            assertThat(service.has("entrypoint")).as(where + ": keep the image's entrypoint").isFalse();
            Map<String, String> env = composeEnvironment(service);
            List<String> args = composeCommand(service);
            found.add(new KpoolContainer(where, e.getKey(), null, null, args, env, parse(where, args, env)));
        });
        return found;
    }

    private static List<String> composeCommand(JsonNode service) {
        JsonNode command = service.path("command");
        if (command.isArray()) {
            return command.values().stream().map(JsonNode::asString).toList();
        }
        return shellWords(command.asString(""));
    }

    private static Map<String, String> composeEnvironment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isObject()) {
            environment.properties().forEach(e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString()));
        } else if (environment.isArray()) {
            for (JsonNode entry : environment.values()) {
                String text = entry.asString();
                int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return env;
    }

    /** Splits a command string as Compose does (shell words, quotes, no expansion). */
    private static List<String> shellWords(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+)").matcher(text);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return words;
    }

    /** The Dockerfile's instructions: {keyword, arguments}, continuation lines joined. */
    private static List<String[]> dockerfile() throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : read(root.resolve("Dockerfile")).lines().toList()) {
            String trimmed = line.trim();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().trim().split("\\s+", 2);
            instructions.add(new String[] {parts[0].toUpperCase(Locale.ROOT),
                    parts.length > 1 ? parts[1].replaceAll("\\s+", " ").trim() : ""});
            current.setLength(0);
        }
        return instructions;
    }

    /** The default of one of the Dockerfile's ARGs. */
    private static String dockerfileArg(String name) throws IOException {
        return dockerfile().stream().filter(i -> i[0].equals("ARG") && i[1].startsWith(name + "="))
                .map(i -> i[1].substring(name.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("Dockerfile: no ARG " + name + "=..."));
    }

    /**
     * The Kafka of the container files (pom.xml's kafka.image.version): the official image pinned by
     * digest, which may be older than the clients kpool is built with (kafka.version).
     */
    private static String kafkaImageVersion() throws IOException {
        Matcher m = Pattern.compile("<kafka.image.version>([^<]+)</kafka.image.version>").matcher(read(root.resolve("pom.xml")));
        assertThat(m.find()).as("pom.xml's kafka.image.version").isTrue();
        return m.group(1);
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>kpool-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(root.resolve("pom.xml")));
        assertThat(m.find()).as("pom.xml's version").isTrue();
        return m.group(1);
    }

    private static String dockerfileUser() throws IOException {
        return dockerfile().stream().filter(i -> i[0].equals("USER")).map(i -> i[1]).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Dockerfile: no USER"));
    }

    // ================================================================ files

    /** k8s/*.yaml but the kustomization. */
    private static List<Path> manifestFiles() throws IOException {
        return Manifests.manifestFiles(root);
    }

    private static List<Path> deploymentFiles() throws IOException {
        List<Path> files = new ArrayList<>(manifestFiles());
        files.add(root.resolve("k8s/kustomization.yaml"));
        files.add(root.resolve("docker-compose.yml"));
        files.add(root.resolve("Dockerfile"));
        return files;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
