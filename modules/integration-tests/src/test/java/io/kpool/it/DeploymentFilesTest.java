package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kpool.cli.Kpool;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
import java.util.stream.Stream;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
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

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** The roles the deployment files run. */
    private static final Set<String> ROLES = Set.of("dispatcher", "supervisor");
    private static final String KPOOL_IMAGE = "kpool:latest";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    private static final String ENTRYPOINT_JAR = "/opt/kpool/kpool.jar";

    /**
     * Variables kpool reads that are not options, and the commands that read them: the JVM options
     * of the workers a supervisor starts, of the roles {@code kpool up} (and {@code ./kpool}) starts,
     * and kpool's log level (every command).
     */
    private static final Map<String, Set<String>> NOT_OPTIONS = Map.of(
            "KPOOL_WORKER_JAVA_OPTS", Set.of("supervisor", "up"),
            "KPOOL_JAVA_OPTS", Set.of("up"),
            "KPOOL_LOG_LEVEL", Set.of("up", "submit", "status", "watch", "dispatcher", "supervisor", "worker"));

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
    private static List<Doc> docs;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws IOException {
        root = repositoryRoot();
        docs = new ArrayList<>();
        for (Path file : manifestFiles()) {
            List<JsonNode> trees = YAML.readerFor(JsonNode.class).<JsonNode>readValues(read(file)).readAll();
            int index = 0;
            for (JsonNode tree : trees) {
                if (tree == null || tree.isMissingNode() || tree.isNull() || tree.isEmpty()) {
                    continue;
                }
                KubernetesResource object;
                try {
                    object = YAML.treeToValue(tree, KubernetesResource.class);
                } catch (RuntimeException e) {
                    throw new AssertionError(root.relativize(file) + " document " + (index + 1)
                            + " is not a Kubernetes object: " + e.getMessage(), e);
                }
                docs.add(new Doc(root.relativize(file).toString(), index++, tree, object));
            }
        }
        compose = YAML.readTree(read(root.resolve("docker-compose.yml")));
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
        List<String> unknown = new ArrayList<>();
        for (Doc doc : docs) {
            collectUnknownFields(doc.object(), doc.where() + ": ", unknown);
        }
        assertThat(unknown).as("fields the Kubernetes API does not know (typos?)").isEmpty();
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
    void probesWatchTheHealthFileTheContainerIsGiven() {
        for (KpoolContainer c : kubernetesKpoolContainers()) {
            Path health = (Path) option(c.parsed(), "--health-file");
            assertThat(health).as(c.where() + ": --health-file (or KPOOL_HEALTH_FILE)").isNotNull();
            Container container = c.container();
            assertThat(container.getLivenessProbe()).as(c.where() + ": livenessProbe").isNotNull();
            assertThat(container.getReadinessProbe()).as(c.where() + ": readinessProbe").isNotNull();
            for (Probe probe : Stream.of(container.getStartupProbe(), container.getLivenessProbe(),
                    container.getReadinessProbe()).filter(Objects::nonNull).toList()) {
                assertThat(probe.getExec()).as(c.where() + ": probes run a command on the health file").isNotNull();
                assertThat(String.join(" ", probe.getExec().getCommand())).as(c.where() + ": probe command")
                        .contains(health.toString()).contains("-newermt");
            }
            if (Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem())) {
                assertWritable(c, health.getParent(), "--health-file");
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
    void theSupervisorRunsAsOneStatefulReplicaUntilSupervisorsCanSplitTheSlots() {
        List<KpoolContainer> supervisors = kubernetesKpoolContainers().stream()
                .filter(c -> c.command().equals("supervisor")).toList();
        assertThat(supervisors).hasSize(1);
        assertThat(supervisors.get(0).workload().owner()).isInstanceOf(StatefulSet.class);
        assertThat(supervisors.get(0).workload().replicas())
                .as("every supervisor runs slots 0..N-1: several need disjoint slot ranges first").isEqualTo(1);
    }

    @Test
    void kubernetesMemoryLimitsHoldEveryJvmOfAContainer() {
        for (KpoolContainer c : kubernetesKpoolContainers()) {
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
        for (Path file : deploymentFiles()) {
            Matcher other = Pattern.compile("apache/kafka:([\\w.-]+)").matcher(read(file));
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
            Path health = (Path) option(s.parsed(), "--health-file");
            assertThat(health).as(s.where() + ": --health-file").isNotNull();
            JsonNode healthcheck = service.path("healthcheck").path("test");
            List<String> test = new ArrayList<>();
            if (healthcheck.isString()) {
                test.add(healthcheck.asString());
            }
            healthcheck.values().forEach(t -> test.add(t.asString()));
            assertThat(String.join(" ", test)).as(s.where() + ": healthcheck.test").contains(health.toString());
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
        Optional<Path> kubectl = onPath("kubectl");
        Optional<Path> kustomize = onPath("kustomize");
        Assumptions.assumeTrue(kubectl.isPresent() || kustomize.isPresent(), "neither kubectl nor kustomize is installed");
        List<String> command = kustomize.isPresent() ? List.of(kustomize.get().toString(), "build", "k8s")
                : List.of(kubectl.get().toString(), "kustomize", "k8s");
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        long objects = YAML.readerFor(JsonNode.class).<JsonNode>readValues(output).readAll().stream()
                .filter(n -> n != null && n.has("kind")).count();
        assertThat(objects).as("objects kustomize builds").isEqualTo(docs.size());
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void dockerfileBuildsWithMavenAndRunsTheJarAsANonRootUser() throws IOException {
        List<String[]> instructions = dockerfile();
        List<String> froms = instructions.stream().filter(i -> i[0].equals("FROM")).map(i -> i[1]).toList();
        assertThat(froms).as("FROM").hasSize(2);
        assertThat(froms.get(0)).matches("maven:\\S*eclipse-temurin-17\\S* AS build");
        assertThat(froms.get(1)).isEqualTo("eclipse-temurin:17-jre");
        assertThat(instructions).as("RUN mvn ... package").anyMatch(i -> i[0].equals("RUN")
                && i[1].contains("mvn -B -q -DskipTests -pl modules/cli -am package"));
        assertThat(instructions).as("COPY of the jar").anyMatch(i -> i[0].equals("COPY")
                && i[1].matches("--from=build \\S*modules/cli/target/kpool\\.jar " + Pattern.quote(ENTRYPOINT_JAR)));
        assertThat(dockerfileUser()).as("USER (numeric, for runAsNonRoot)").matches("[1-9][0-9]*(:[0-9]+)?");
        List<String> entrypoint = instructions.stream().filter(i -> i[0].equals("ENTRYPOINT"))
                .map(i -> YAML.readValue(i[1], String[].class)).map(List::of).reduce((a, b) -> b).orElseThrow();
        assertThat(entrypoint).containsExactly("java", "-XX:+UseSerialGC", "-jar", ENTRYPOINT_JAR);
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

    /** Checks a container's {@code KPOOL_*} variables against the options of its command. */
    private static List<String> unknownKpoolVariables(KpoolContainer c) {
        List<String> problems = new ArrayList<>();
        Set<String> options = c.parsed().commandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .map(DeploymentFilesTest::variable).collect(Collectors.toSet());
        for (String name : c.env().keySet()) {
            if (!name.startsWith("KPOOL_")) {
                continue;
            }
            Set<String> readers = NOT_OPTIONS.get(name);
            if (readers != null ? !readers.contains(c.command()) : !options.contains(name)) {
                problems.add(c.where() + ": " + name + " is not read by `kpool " + c.command() + "`"
                        + (readers != null ? " (only by " + new TreeSet<>(readers) + ")" : " (no option --"
                        + name.substring("KPOOL_".length()).toLowerCase(Locale.ROOT).replace('_', '-') + ")"));
            }
        }
        return problems;
    }

    /** {@code --foo-bar} -> {@code KPOOL_FOO_BAR}, as kpool's EnvDefaults reads it. */
    private static String variable(OptionSpec option) {
        return "KPOOL_" + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * Parses a kpool command line as kpool would: the arguments alone, then with {@code env} as the
     * environment (whose values must convert too). Answers the role's parse result, whose options
     * hold the values the role would run with.
     */
    private static CommandLine.ParseResult parse(String where, List<String> args, Map<String, String> env) {
        assertThat(args).as(where + ": kpool's arguments").isNotEmpty();
        assertThat(ROLES).as(where + ": the first argument is the role").contains(args.get(0));
        CommandLine.ParseResult parsed = null;
        for (Map<String, String> environment : List.of(Map.<String, String>of(), env)) {
            try {
                parsed = Kpool.commandLine(environment).parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(where + ": kpool does not accept " + args + " with "
                        + (environment.isEmpty() ? "no environment" : kpoolVariables(environment)) + ": "
                        + e.getMessage(), e);
            }
            assertThat(parsed.unmatched()).as(where + ": unmatched arguments").isEmpty();
        }
        return parsed.subcommand();
    }

    private static Object option(CommandLine.ParseResult parsed, String name) {
        OptionSpec option = parsed.commandSpec().findOption(name);
        assertThat(option).as("kpool " + parsed.commandSpec().name() + " " + name).isNotNull();
        return option.getValue();
    }

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

    /** The memory the JVMs of a kpool container need: the role's and, for a supervisor, every worker's. */
    private static long memoryBudget(KpoolContainer c) {
        String toolOptions = c.env().getOrDefault("JAVA_TOOL_OPTIONS", "");
        long roleHeap = maxHeap(toolOptions).orElseThrow(() -> new AssertionError(c.where()
                + ": bound the role's heap: JAVA_TOOL_OPTIONS=-Xmx..."));
        long budget = roleHeap + ROLE_OVERHEAD;
        if (c.command().equals("supervisor")) {
            String workerOptions = c.env().containsKey("KPOOL_WORKER_JAVA_OPTS") ? c.env().get("KPOOL_WORKER_JAVA_OPTS")
                    : defaultWorkerJavaOptions();
            // Workers inherit JAVA_TOOL_OPTIONS; their own options come later and win.
            long workerHeap = maxHeap(toolOptions + " " + workerOptions).orElseThrow();
            budget += (int) option(c.parsed(), "--workers") * (workerHeap + WORKER_OVERHEAD);
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

    private static String kpoolVariables(Map<String, String> env) {
        return env.entrySet().stream().filter(e -> e.getKey().startsWith("KPOOL_")).map(Map.Entry::getKey)
                .sorted().toList().toString();
    }

    // ================================================================ Kubernetes model helpers

    private record Doc(String file, int index, JsonNode tree, KubernetesResource object) {
        String where() {
            String name = object instanceof HasMetadata h && h.getMetadata() != null
                    ? " " + h.getKind() + "/" + h.getMetadata().getName() : "";
            return file + " #" + (index + 1) + name;
        }
    }

    private record Workload(Doc doc, HasMetadata owner, PodTemplateSpec template, LabelSelector selector,
                            Integer replicas) {
        String where() {
            return doc.where();
        }

        PodSpec pod() {
            return template.getSpec();
        }

        Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                    : template.getMetadata().getLabels();
        }
    }

    /** A kpool process as a deployment file runs it: its role, environment and parsed command line. */
    private record KpoolContainer(String where, String name, Workload workload, Container container,
                                  Map<String, String> env, CommandLine.ParseResult parsed) {
        String command() {
            return parsed.commandSpec().name();
        }
    }

    private static List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Doc doc : docs) {
            if (doc.object() instanceof Deployment d) {
                workloads.add(new Workload(doc, d, d.getSpec().getTemplate(), d.getSpec().getSelector(),
                        d.getSpec().getReplicas()));
            } else if (doc.object() instanceof StatefulSet s) {
                workloads.add(new Workload(doc, s, s.getSpec().getTemplate(), s.getSpec().getSelector(),
                        s.getSpec().getReplicas()));
            }
        }
        return workloads;
    }

    private static List<KpoolContainer> kubernetesKpoolContainers() {
        List<KpoolContainer> found = new ArrayList<>();
        for (Workload w : workloads()) {
            for (Container c : w.pod().getContainers()) {
                if (isKpool(c)) {
                    String where = w.where() + " container " + c.getName();
                    Map<String, String> env = env(w, c);
                    found.add(new KpoolContainer(where, c.getName(), w, c, env, parse(where, nonNull(c.getArgs()), env)));
                }
            }
        }
        return found;
    }

    private static boolean isKpool(Container c) {
        return c.getImage() != null && c.getImage().startsWith("kpool:");
    }

    /**
     * A container's environment as the process sees it: values, ConfigMap keys, envFrom; downward
     * API fields as a pod would have them.
     */
    private static Map<String, String> env(Workload w, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : nonNull(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                configMapData(from.getConfigMapRef().getName()).orElse(Map.of())
                        .forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        for (EnvVar var : nonNull(c.getEnv())) {
            String value = var.getValue();
            if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
                ConfigMapKeySelector key = var.getValueFrom().getConfigMapKeyRef();
                value = configMapData(key.getName()).map(d -> d.get(key.getKey())).orElse(null);
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                value = switch (var.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> w.owner().getMetadata().getName() + "-0";
                    case "metadata.namespace" -> "kpool";
                    default -> "field-" + var.getValueFrom().getFieldRef().getFieldPath();
                };
            } else if (var.getValueFrom() != null) {
                value = "from-" + var.getName();
            }
            env.put(var.getName(), value == null ? "" : value);
        }
        return env;
    }

    private static Optional<Map<String, String>> configMapData(String name) {
        return objects(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().equals(name)).findFirst()
                .map(m -> m.getData() == null ? Map.of() : m.getData());
    }

    private static <T> List<T> objects(Class<T> type) {
        return docs.stream().map(Doc::object).filter(type::isInstance).map(type::cast).toList();
    }

    private static Set<String> kinds() {
        return docs.stream().map(Doc::object).filter(HasMetadata.class::isInstance)
                .map(o -> ((HasMetadata) o).getKind()).collect(Collectors.toSet());
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || labels == null || selector.getMatchLabels() == null
                || selector.getMatchLabels().isEmpty()) {
            return false;
        }
        return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    private static void assertWritable(KpoolContainer c, Path path, String what) {
        assertThat(nonNull(c.container().getVolumeMounts()))
                .as(c.where() + ": " + what + " (" + path + ") must be on a writable volume: the root file system is read-only")
                .anyMatch(m -> !Boolean.TRUE.equals(m.getReadOnly()) && path.startsWith(m.getMountPath()));
    }

    /**
     * Walks a fabric8 object along its JSON properties and reports every field that landed in an
     * {@code additionalProperties} map: a field the Kubernetes API does not have.
     */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        String parent = path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                collectUnknownFields(element, parent + "[" + i++ + "].", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, parent + "[" + k + "].", unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new AssertionError("cannot read " + path + field.getName(), e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra) {
                        extra.keySet().forEach(k -> unknown.add(path + k));
                    }
                    continue;
                }
                com.fasterxml.jackson.annotation.JsonProperty json =
                        field.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                String name = json == null || json.value().isEmpty() ? field.getName() : json.value();
                collectUnknownFields(fieldValue, path + name + ".", unknown);
            }
        }
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
            if (!service.path("image").asString("").equals(KPOOL_IMAGE)) {
                return;
            }
            String where = "docker-compose.yml service " + e.getKey();
            assertThat(service.has("entrypoint")).as(where + ": keep the image's entrypoint").isFalse();
            Map<String, String> env = composeEnvironment(service);
            found.add(new KpoolContainer(where, e.getKey(), null, null, env, parse(where, composeCommand(service), env)));
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

    private static String dockerfileUser() throws IOException {
        return dockerfile().stream().filter(i -> i[0].equals("USER")).map(i -> i[1]).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Dockerfile: no USER"));
    }

    // ================================================================ files

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("k8s"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("no docker-compose.yml and k8s/ above " + Path.of("").toAbsolutePath());
    }

    /** k8s/*.yaml but the kustomization. */
    private static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("k8s"))) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().startsWith("kustomization.")).sorted().toList();
        }
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

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
