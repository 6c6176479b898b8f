package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.cli.Kpool;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One pod's kpool container run as a local process, as the kubelet would run it: the image's
 * entrypoint ({@code java $KPOOL_JAVA_OPTS -jar kpool.jar}, here {@code java $KPOOL_JAVA_OPTS -cp
 * <this JVM's class path> io.kpool.cli.Kpool}) with the container's args, in the container's
 * environment and nothing else. Two things are swapped, as a cluster would provide them: Kafka's
 * address, and {@code /tmp} (the pod's emptyDir, the image's working directory and the JVM's
 * temporary directory) for a directory of the pod's own, and the HTTP port (a pod has its own network;
 * here every pod shares the machine's) for a free one. Its output (the container's log stream)
 * goes to {@code <pod>.log}.
 */
final class PodProcess implements AutoCloseable {

    private static final Pattern TMP = Pattern.compile("(?<![\\w/.-])/tmp(?=/|\\s|'|\"|$)");

    private final String name;
    private final KpoolContainer container;
    private final Path tmp;
    private final Path log;
    private final List<String> command;
    private final Map<String, String> env;
    private final int httpPort;
    private final Set<ProcessHandle> started = new HashSet<>();
    private Process process;

    /**
     * @param container the container as the manifests give it for pod {@code name}
     * @param dir       the pod's own directory: its {@code /tmp} goes below it
     * @param bootstrap the Kafka that stands in for the one the manifests name
     */
    PodProcess(String name, KpoolContainer container, Path dir, String bootstrap) throws IOException {
        this.name = name;
        this.container = container;
        this.tmp = Files.createDirectories(dir.resolve("tmp"));
        this.log = dir.resolve("container.log");
        assertThat(container.args()).as(container.where() + ": the test gives Kafka's address as KPOOL_BOOTSTRAP")
                .doesNotContain("--bootstrap");
        assertThat(container.env()).as(container.where() + ": KPOOL_BOOTSTRAP").containsKey("KPOOL_BOOTSTRAP");
        this.env = new LinkedHashMap<>();
        container.env().forEach((k, v) -> env.put(k, swapTmp(v)));
        env.put("KPOOL_BOOTSTRAP", bootstrap);
        String javaOpts = env.get("KPOOL_JAVA_OPTS");
        assertThat(javaOpts).as(container.where() + ": KPOOL_JAVA_OPTS, the role's JVM options").isNotBlank();
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
        command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                Kpool.class.getName()));
        container.args().forEach(a -> command.add(swapTmp(a)));
        int at = command.indexOf("--http-port");
        assertThat(at).as(container.where() + ": --http-port, for the probes and /metrics").isPositive();
        this.httpPort = freePort();
        command.set(at + 1, String.valueOf(httpPort));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code /tmp} as a path in {@code text}, replaced by the pod's own directory. */
    String swapTmp(String text) {
        return TMP.matcher(text).replaceAll(Matcher.quoteReplacement(tmp.toString()));
    }

    String name() {
        return name;
    }

    /** The pod's {@code /tmp}. */
    Path tmp() {
        return tmp;
    }

    /** What the container wrote to its standard output and error. */
    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Starts the container's process (again, after {@link #kill()}: a container started anew in the same pod). */
    PodProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        String path = System.getenv("PATH");
        builder.environment().clear();
        builder.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
        builder.environment().putAll(env);
        process = builder.start();
        started.add(process.toHandle());
        return this;
    }

    long pid() {
        return process.pid();
    }

    /** The role's process and every process it started (the workers), now. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants()).toList();
        started.addAll(all);
        return all;
    }

    /** SIGKILL to the role and every process it started, at once, as when the pod's node is lost; answers them. */
    List<ProcessHandle> kill() {
        List<ProcessHandle> all = processes();
        all.forEach(ProcessHandle::destroyForcibly);
        return all;
    }

    /**
     * Asks one of the container's probes, as the kubelet would: an HTTP GET answers 0 for a status
     * from 200 to 399 and 1 otherwise; an exec probe runs in the pod's directories and answers its
     * exit status.
     */
    int probe(Probe probe) throws IOException, InterruptedException {
        if (probe.getHttpGet() != null) {
            return get(probe.getHttpGet().getPath()) < 400 ? 0 : 1;
        }
        assertThat(probe.getExec()).as(container.where() + ": an exec or httpGet probe").isNotNull();
        List<String> probeCommand = probe.getExec().getCommand().stream().map(this::swapTmp).toList();
        Process p = new ProcessBuilder(probeCommand).directory(tmp.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** GETs {@code path} from the pod's HTTP port; answers the status, or 599 when nothing answers. */
    int get(String path) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 599;
        }
    }

    /** The pod's HTTP port (its /metrics, /healthz, /readyz). */
    int httpPort() {
        return httpPort;
    }

    /** SIGTERM, as when the pod is deleted; SIGKILL to whatever of it is still there after the grace. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            processes();
            process.destroy();
            try {
                if (!process.waitFor(40, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
