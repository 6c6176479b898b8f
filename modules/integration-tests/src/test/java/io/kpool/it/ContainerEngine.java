package io.kpool.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Docker engine the container tests run on, the images they need, and the commands they run
 * ({@code docker}, {@code docker-compose}). As a JUnit condition it disables a test class, with the
 * reason, where no engine answers or an image is neither here nor pullable: on a machine without
 * a registry, {@code scripts/docker-local.sh} builds local stand-ins and
 * {@code export $(scripts/docker-local.sh env)} names them.
 */
final class ContainerEngine implements ExecutionCondition {

    /** The repository's top directory, where docker-compose.yml and the Dockerfile are. */
    static final Path ROOT = findRoot();

    private static final Duration PULL = Duration.ofMinutes(3);
    private static final String HOW = "run scripts/docker-local.sh, then export $(scripts/docker-local.sh env)";

    /** What one command printed, and how it ended. */
    record Run(List<String> command, int status, String output) {

        Run orFail() {
            if (status != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + status + ":\n" + output);
            }
            return this;
        }
    }

    /** For JUnit's {@code @ExtendWith}. */
    ContainerEngine() {
    }

    /** Kafka's image: {@code KPOOL_KAFKA_IMAGE}, else docker-compose.yml's default (the official image). */
    static String kafkaImage() {
        return setting("KPOOL_KAFKA_IMAGE").orElseGet(() -> composeDefault("KPOOL_KAFKA_IMAGE"));
    }

    /** The Dockerfile's base images: the {@code KPOOL_*_IMAGE} variables, else the Dockerfile's defaults. */
    static List<String> kpoolBaseImages() {
        return List.of(setting("KPOOL_BUILD_IMAGE").orElseGet(() -> dockerfileDefault("DEFAULT_BUILD_IMAGE")),
                setting("KPOOL_RUNTIME_IMAGE").orElseGet(() -> dockerfileDefault("DEFAULT_RUNTIME_IMAGE")));
    }

    /** The images a test class needs: Kafka's, and the Dockerfile's bases for one that builds kpool's image. */
    private static List<String> images(ExtensionContext context) {
        List<String> images = new ArrayList<>(List.of(kafkaImage()));
        if (context.getRequiredTestClass().isAnnotationPresent(BuildsKpoolImage.class)) {
            images.addAll(kpoolBaseImages());
        }
        return images;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> why = unavailable(images(context), context.getRequiredTestClass()
                .isAnnotationPresent(BuildsKpoolImage.class));
        return why.map(reason -> ConditionEvaluationResult.disabled("container tests skipped: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("a Docker engine answers and every image is here"));
    }

    /** Why the container tests cannot run here, or empty when they can. */
    static Optional<String> unavailable(List<String> images, boolean needsCompose) {
        Run info = run(Duration.ofSeconds(20), Map.of(), "docker", "info", "--format", "{{.ServerVersion}}");
        if (info.status() != 0) {
            return Optional.of("no Docker engine answers (docker info: " + firstLine(info.output()) + "); " + HOW);
        }
        if (needsCompose && run(Duration.ofSeconds(20), Map.of(), "docker-compose", "version").status() != 0) {
            return Optional.of("docker-compose is not installed; " + HOW);
        }
        boolean ryukOff = "true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
        List<String> needed = new ArrayList<>(images);
        if (!needsCompose && !ryukOff) {
            needed.add(org.testcontainers.utility.TestcontainersConfiguration.getInstance().getRyukImage());
        }
        if (!needsCompose && Files.exists(Path.of("/.dockerenv")) && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null) {
            // Testcontainers takes this machine for a container and runs its tiny image to find the engine.
            needed.add(org.testcontainers.utility.TestcontainersConfiguration.getInstance().getTinyImage());
        }
        for (String image : needed) {
            if (run(Duration.ofSeconds(20), Map.of(), "docker", "image", "inspect", image).status() == 0) {
                continue;
            }
            Run pull = run(PULL, Map.of(), "docker", "pull", image);
            if (pull.status() != 0) {
                return Optional.of("the image " + image + " is not on this machine and cannot be pulled ("
                        + lastLine(pull.output()) + "); " + HOW);
            }
        }
        return Optional.empty();
    }

    /** Runs a command in the repository's top directory; its output (both streams) is kept. */
    static Run run(Duration timeout, Map<String, String> env, String... command) {
        return run(timeout, env, List.of(command));
    }

    static Run run(Duration timeout, Map<String, String> env, List<String> command) {
        try {
            Path output = Files.createTempFile("kpool-docker-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new Run(command, -1, Files.readString(output, StandardCharsets.UTF_8)
                            + "\n(killed after " + timeout.toSeconds() + " s)");
                }
                return new Run(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Run(command, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(command, -1, "interrupted");
        }
    }

    /** Marks a test class that builds kpool's image, so it needs the Dockerfile's base images and compose. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @interface BuildsKpoolImage {
    }

    private static Optional<String> setting(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String composeDefault(String variable) {
        Matcher m = Pattern.compile("\\$\\{" + variable + ":-([^}]+)}").matcher(read(ROOT.resolve("docker-compose.yml")));
        if (!m.find()) {
            throw new AssertionError("docker-compose.yml names no default for " + variable);
        }
        return m.group(1);
    }

    private static String dockerfileDefault(String arg) {
        Matcher m = Pattern.compile("(?m)^ARG " + arg + "=(\\S+)$").matcher(read(ROOT.resolve("Dockerfile")));
        if (!m.find()) {
            throw new AssertionError("the Dockerfile has no default for " + arg);
        }
        return m.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("no output");
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docker-compose.yml")) && Files.exists(dir.resolve("Dockerfile"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}
