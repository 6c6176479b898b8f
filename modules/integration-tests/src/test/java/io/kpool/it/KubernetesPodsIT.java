package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.kpool.client.JobSubmitter;
import io.kpool.client.Outcomes;
import io.kpool.client.StatusReader;
import io.kpool.client.Submission;
import io.kpool.client.WorkerRow;
import io.kpool.protocol.Job;
import io.kpool.protocol.Json;
import io.kpool.protocol.Result;
import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests, run without an API server: what {@code kubectl kustomize k8s}
 * renders is checked strictly, then each pod of the supervisor StatefulSet (2 replicas) and of
 * the dispatcher Deployment (2 replicas) runs as local processes, with the command and environment
 * its container would have (see {@link PodProcess}), against a broker of the test's own. Jobs flow;
 * one supervisor pod is lost with its workers, as with its node, and comes back under its name.
 */
class KubernetesPodsIT {

    private static final Duration A_WHILE = Duration.ofMinutes(3);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private int jobs;

    @Test
    void twoSupervisorPodsAndTwoDispatcherPodsRunThePoolAndALostPodComesBackToItsSlots() throws Exception {
        // Given the manifests as kustomize renders them, every setting one their commands accept
        Optional<String> rendered = Manifests.render(Manifests.repositoryRoot());
        Assumptions.assumeTrue(rendered.isPresent(),
                "this test runs what `kubectl kustomize k8s` (or `kustomize build k8s`) renders; neither is installed");
        Manifests k8s = Manifests.parse("kubectl kustomize k8s", rendered.get());
        assertThat(k8s.unknownFields()).as("fields the Kubernetes API does not know").isEmpty();
        Manifests.Workload supervisors = kpoolWorkload(k8s, StatefulSet.class, "supervisor");
        Manifests.Workload dispatchers = kpoolWorkload(k8s, Deployment.class, "dispatcher");
        assertThat(supervisors.replicas()).as(supervisors.where() + ": replicas").isEqualTo(2);
        assertThat(dispatchers.replicas()).as(dispatchers.where() + ": replicas").isEqualTo(2);
        List<KpoolContainer> supervisorPods = pods(k8s, supervisors);
        List<KpoolContainer> dispatcherPods = pods(k8s, dispatchers);
        String prefix = (String) supervisorPods.get(0).option("--prefix");
        int perPod = (int) supervisorPods.get(0).option("--workers");

        int port = freePort();
        String bootstrap = "localhost:" + port;
        KafkaSettings kafka = new KafkaSettings(bootstrap, new Topics(prefix));
        List<PodProcess> running = new ArrayList<>();
        Process broker = startBroker(port);
        try {
            // When each pod runs as its container would
            for (KpoolContainer pod : supervisorPods) {
                running.add(pod(pod, "", bootstrap).start());
            }
            for (KpoolContainer pod : dispatcherPods) {
                running.add(pod(pod, "", bootstrap).start());
            }
            PodProcess pod0 = running.get(0);
            PodProcess pod1 = running.get(1);
            Set<Integer> slots0 = slotsOf(0, perPod);
            Set<Integer> slots1 = slotsOf(1, perPod);
            Set<Integer> everySlot = new TreeSet<>(slots0);
            everySlot.addAll(slots1);

            // Then each supervisor pod owns the slots of its ordinal
            Map<Integer, PodProcess> owners = new TreeMap<>();
            slots0.forEach(slot -> owners.put(slot, pod0));
            slots1.forEach(slot -> owners.put(slot, pod1));
            awaitSlots(kafka, owners);
            for (PodProcess pod : running) {
                KpoolContainer c = pod.name().startsWith(supervisors.name()) ? supervisorPods.get(0) : dispatcherPods.get(0);
                await().atMost(Duration.ofSeconds(30)).alias(pod.name() + "'s readiness and liveness probes pass")
                        .until(() -> pod.probe(c.container().getReadinessProbe()) == 0
                                && pod.probe(c.container().getLivenessProbe()) == 0);
            }

            try (Outcomes outcomes = Outcomes.fromNow(kafka);
                 JobSubmitter submitter = new JobSubmitter(kafka)) {
                // and jobs flow through both supervisor pods' slots
                Submission submission = new Submission();
                await().atMost(A_WHILE).pollInSameThread().pollInterval(Duration.ofMillis(100))
                        .alias("results from the slots of both supervisor pods").until(() -> {
                            submit(submitter, submission, 20);
                            outcomes.poll(Duration.ofMillis(200), submission::accept, submission::accept);
                            return slotsThatServed(submission, 1).containsAll(everySlot);
                        });
                assertThat(pod1.output()).as(pod1.name() + "'s log stream: its workers' output, tagged")
                        .contains(slots1.stream().map(slot -> "[worker " + slot + "] ").toList());

                // When supervisor pod 1 is lost with its workers, as with its node
                Map<Integer, Long> lostIncarnations = incarnations(kafka, slots1);
                List<ProcessHandle> lost = pod1.kill();
                assertThat(lost).as("the supervisor of " + pod1.name() + " and its workers").hasSizeGreaterThan(perPod);
                await().atMost(Duration.ofSeconds(30)).alias("every process of " + pod1.name() + " is gone")
                        .until(() -> lost.stream().noneMatch(ProcessHandle::isAlive));
                // (jobs routed to its slots before the dispatchers notice wait there for the pod's return)
                Submission whileLost = new Submission();
                submit(submitter, whileLost, 400);
                List<Submission> all = List.of(submission, whileLost, new Submission());
                Submission after = all.get(2);

                // Then pod 0's slots keep doing jobs
                await().atMost(A_WHILE).pollInSameThread().pollInterval(Duration.ofMillis(100))
                        .alias("results from " + pod0.name() + " while " + pod1.name() + " is gone").until(() -> {
                            poll(outcomes, all);
                            return whileLost.results().values().stream().filter(r -> slots0.contains(r.workerId()))
                                    .count() >= 100;
                        });

                // When the pod is made again under its name (a new pod: a fresh emptyDir)
                PodProcess again = pod(supervisorPods.get(1), "-again", bootstrap).start();
                running.add(again);

                // Then it takes its slots back and its new workers do jobs again...
                awaitSlots(kafka, slots1.stream().collect(Collectors.toMap(slot -> slot, slot -> again)));
                await().atMost(A_WHILE).pollInSameThread().pollInterval(Duration.ofMillis(100))
                        .alias("results from the new workers of " + again.name()).until(() -> {
                            submit(submitter, after, 20);
                            poll(outcomes, all);
                            return slots1.stream().allMatch(slot -> after.results().values().stream().anyMatch(r ->
                                    r.workerId() == slot && r.incarnation() > lostIncarnations.get(slot)));
                        });

                // ...and every job, those queued for the lost pod's slots too, has exactly one correct result
                await().atMost(A_WHILE).pollInSameThread().pollInterval(Duration.ofMillis(10))
                        .alias("an outcome for every job").until(() -> {
                            poll(outcomes, all);
                            return all.stream().allMatch(Submission::complete);
                        });
                for (Submission s : all) {
                    assertThat(s.deadLetterCount()).as("dead letters").isZero();
                    assertThat(s.duplicates()).as("second results").isZero();
                    assertThat(s.resultCount()).isEqualTo(s.expected());
                    s.results().forEach((id, r) -> assertThat(r.output().longValue()).as(id)
                            .isEqualTo(2L * Long.parseLong(id.substring("job-".length()))));
                }
                assertThat(again.output()).contains(slots1.stream().map(slot -> "[worker " + slot + "] ").toList());
                try (var files = Files.list(again.tmp().resolve("kpool-run"))) {
                    assertThat(files.map(p -> p.getFileName().toString())).as("the run directory under the pod's /tmp")
                            .containsAll(slots1.stream().map(slot -> "worker-" + slot + ".log").toList());
                }
            }
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    /** The one workload whose kpool container runs {@code command}. */
    private static Manifests.Workload kpoolWorkload(Manifests k8s, Class<?> kind, String command) {
        List<Manifests.Workload> found = k8s.workloads().stream().filter(w -> kind.isInstance(w.owner()))
                .filter(w -> kpoolContainer(w).map(c -> command.equals(Manifests.nonNull(c.getArgs()).stream()
                        .findFirst().orElse(null))).orElse(false)).toList();
        assertThat(found).as("the " + kind.getSimpleName() + " that runs kpool " + command).hasSize(1);
        return found.get(0);
    }

    private static Optional<Container> kpoolContainer(Manifests.Workload w) {
        return w.pod().getContainers().stream().filter(Manifests::isKpool).findFirst();
    }

    /**
     * The kpool container of each pod of {@code w}, its environment resolved for that pod: every
     * variable one its command reads, and every value one the cluster would give.
     */
    private static List<KpoolContainer> pods(Manifests k8s, Manifests.Workload w) {
        Container c = kpoolContainer(w).orElseThrow();
        assertThat(w.pod().getContainers()).as(w.where() + ": containers").hasSize(1);
        assertThat(k8s.unresolved(w, c)).as(w.where() + ": variables only a cluster could give").isEmpty();
        List<KpoolContainer> pods = new ArrayList<>();
        for (int n = 0; n < w.replicas(); n++) {
            KpoolContainer pod = KpoolCommandLines.of(k8s, w, c, w.podName(n));
            assertThat(KpoolCommandLines.unknownKpoolVariables(pod)).as(pod.where()).isEmpty();
            assertThat(pod.env().keySet()).as(pod.where() + ": variables other than kpool's")
                    .allMatch(name -> name.startsWith("KPOOL_"));
            pods.add(pod);
        }
        return pods;
    }

    /** The pod of {@code container}, in a directory of its own ({@code suffix}: a new pod of the same name). */
    private PodProcess pod(KpoolContainer container, String suffix, String bootstrap) throws IOException {
        String name = container.env().containsKey("KPOOL_NAME") ? container.env().get("KPOOL_NAME")
                : container.env().get("KPOOL_ID");
        return new PodProcess(name, container, dir.resolve("pods").resolve(name + suffix), bootstrap);
    }

    private Process startBroker(int port) throws IOException {
        Path home = Files.createDirectories(dir.resolve("broker"));
        List<String> command = TestPool.kpoolCommand();
        command.addAll(List.of("broker", "--kafka-port", String.valueOf(port), "--data-dir", home.resolve("data").toString(),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        Path log = home.resolve("broker.log");
        Process broker = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(90)).alias("the broker is up")
                .until(() -> !broker.isAlive() || Files.readString(log).contains("kafka      localhost:" + port));
        assertThat(broker.isAlive()).as("the broker (see " + log + ")").isTrue();
        return broker;
    }

    /** The slots the supervisor pod of ordinal {@code n} should own: {@code n*W..n*W+W-1}. */
    private static Set<Integer> slotsOf(int n, int perPod) {
        return IntStream.range(n * perPod, (n + 1) * perPod).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until each of {@code owners}' slots is alive under the supervisor process of the pod
     * given for it (by name and pid: a lost pod's last word is that its slots were alive).
     */
    private static void awaitSlots(KafkaSettings kafka, Map<Integer, PodProcess> owners) {
        Map<Integer, String> expected = new TreeMap<>();
        owners.forEach((slot, pod) -> expected.put(slot, pod.name() + " (pid " + pod.pid() + ")"));
        await().atMost(A_WHILE).pollInterval(Duration.ofMillis(250)).alias("slots alive under " + expected)
                .ignoreException(KafkaUnavailableException.class)
                .until(() -> {
                    Map<Integer, WorkerRow> rows = StatusReader.read(kafka, Duration.ofSeconds(30)).stream()
                            .collect(Collectors.toMap(WorkerRow::workerId, r -> r));
                    return owners.entrySet().stream().allMatch(e -> {
                        WorkerRow row = rows.get(e.getKey());
                        return row != null && row.alive() && e.getValue().name().equals(row.supervisor())
                                && Long.valueOf(e.getValue().pid()).equals(row.supervisorPid());
                    });
                });
    }

    private void submit(JobSubmitter submitter, Submission submission, int count) {
        for (int i = 0; i < count; i++) {
            String id = "job-" + (++jobs);
            submission.expect(id);
            submitter.submit(new Job(id, Json.mapper().valueToTree(jobs)));
        }
        submitter.flush();
    }

    private static void poll(Outcomes outcomes, List<Submission> submissions) {
        outcomes.poll(Duration.ofMillis(200), r -> submissions.forEach(s -> s.accept(r)),
                d -> submissions.forEach(s -> s.accept(d)));
    }

    /** The current incarnation of each of {@code slots}. */
    private static Map<Integer, Long> incarnations(KafkaSettings kafka, Set<Integer> slots) {
        return StatusReader.read(kafka, Duration.ofSeconds(30)).stream().filter(r -> slots.contains(r.workerId()))
                .collect(Collectors.toMap(WorkerRow::workerId, WorkerRow::incarnation));
    }

    /** The slots whose workers, of at least {@code incarnation}, gave results in {@code submission}. */
    private static Set<Integer> slotsThatServed(Submission submission, long incarnation) {
        return submission.results().values().stream().filter(r -> r.incarnation() >= incarnation)
                .map(Result::workerId).collect(Collectors.toSet());
    }
}
