package io.kpool.it;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Kubernetes manifests read into fabric8's typed model, as the tests see them: the objects, their
 * workloads (Deployments, StatefulSets), and each container's environment as its process would
 * get it. Read from the files in {@code k8s/} or from what {@code kubectl kustomize} renders.
 */
final class Manifests {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** One YAML document of a manifest file (or of a rendering) and the object it is. */
    record Doc(String file, int index, JsonNode tree, KubernetesResource object) {
        String where() {
            String name = object instanceof HasMetadata h && h.getMetadata() != null
                    ? " " + h.getKind() + "/" + h.getMetadata().getName() : "";
            return file + " #" + (index + 1) + name;
        }
    }

    /** A Deployment or a StatefulSet: what makes pods. */
    record Workload(Doc doc, HasMetadata owner, PodTemplateSpec template, LabelSelector selector, Integer replicas) {
        String where() {
            return doc.where();
        }

        String name() {
            return owner.getMetadata().getName();
        }

        PodSpec pod() {
            return template.getSpec();
        }

        Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                    : template.getMetadata().getLabels();
        }

        /**
         * The name of pod {@code n} as Kubernetes would give it: {@code <set>-<n>} for a StatefulSet,
         * {@code <deployment>-<template hash>-<5 characters>} for a Deployment.
         */
        String podName(int n) {
            return owner instanceof StatefulSet ? name() + "-" + n : name() + "-7c9d8f6b5-" + String.format("p%04d", n);
        }
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final List<Doc> docs;

    private Manifests(List<Doc> docs) {
        this.docs = List.copyOf(docs);
    }

    /** Every manifest in {@code files}; {@code root} names them in messages. */
    static Manifests read(Path root, List<Path> files) throws IOException {
        List<Doc> docs = new ArrayList<>();
        for (Path file : files) {
            docs.addAll(documents(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
        }
        return new Manifests(docs);
    }

    /** The manifests in one YAML stream, e.g. a rendering; {@code source} names it in messages. */
    static Manifests parse(String source, String yaml) {
        return new Manifests(documents(source, yaml));
    }

    private static List<Doc> documents(String source, String yaml) {
        List<Doc> docs = new ArrayList<>();
        int index = 0;
        for (JsonNode tree : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            if (tree == null || tree.isMissingNode() || tree.isNull() || tree.isEmpty()) {
                continue;
            }
            KubernetesResource object;
            try {
                object = YAML.treeToValue(tree, KubernetesResource.class);
            } catch (RuntimeException e) {
                throw new AssertionError(source + " document " + (index + 1) + " is not a Kubernetes object: "
                        + e.getMessage(), e);
            }
            docs.add(new Doc(source, index++, tree, object));
        }
        return docs;
    }

    /**
     * {@code kubectl kustomize k8s} (or {@code kustomize build k8s}) run in {@code root}: the
     * manifests as a cluster would be given them. Empty when neither tool is installed.
     */
    static Optional<String> render(Path root) throws IOException, InterruptedException {
        Optional<Path> kubectl = onPath("kubectl");
        Optional<Path> kustomize = onPath("kustomize");
        if (kubectl.isEmpty() && kustomize.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = kustomize.isPresent() ? List.of(kustomize.get().toString(), "build", "k8s")
                : List.of(kubectl.get().toString(), "kustomize", "k8s");
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        return Optional.of(output);
    }

    List<Doc> docs() {
        return docs;
    }

    List<Workload> workloads() {
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

    <T> List<T> objects(Class<T> type) {
        return docs.stream().map(Doc::object).filter(type::isInstance).map(type::cast).toList();
    }

    Set<String> kinds() {
        return docs.stream().map(Doc::object).filter(HasMetadata.class::isInstance)
                .map(o -> ((HasMetadata) o).getKind()).collect(Collectors.toSet());
    }

    Optional<Map<String, String>> configMapData(String name) {
        return objects(ConfigMap.class).stream().filter(m -> m.getMetadata().getName().equals(name)).findFirst()
                .map(m -> m.getData() == null ? Map.of() : m.getData());
    }

    /**
     * A container's environment as the process in pod {@code podName} sees it: envFrom, values
     * (with {@code $(VAR)} references expanded), ConfigMap keys, and the downward API's
     * {@code metadata.name} and {@code metadata.namespace}. Anything else (a Secret, another field)
     * gets a placeholder; {@link #unresolved} names it.
     */
    Map<String, String> env(Workload w, Container c, String podName) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : nonNull(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                configMapData(from.getConfigMapRef().getName()).orElse(Map.of())
                        .forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        for (EnvVar var : nonNull(c.getEnv())) {
            String value = var.getValue() == null ? null : expand(var.getValue(), env);
            if (var.getValueFrom() != null && var.getValueFrom().getConfigMapKeyRef() != null) {
                ConfigMapKeySelector key = var.getValueFrom().getConfigMapKeyRef();
                value = configMapData(key.getName()).map(d -> d.get(key.getKey())).orElse(null);
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                value = switch (var.getValueFrom().getFieldRef().getFieldPath()) {
                    case "metadata.name" -> podName;
                    case "metadata.namespace" -> namespace(w);
                    default -> "field-" + var.getValueFrom().getFieldRef().getFieldPath();
                };
            } else if (var.getValueFrom() != null) {
                value = "from-" + var.getName();
            }
            env.put(var.getName(), value == null ? "" : value);
        }
        return env;
    }

    /** The variables of a container that {@link #env} can only give a placeholder, with why. */
    List<String> unresolved(Workload w, Container c) {
        List<String> problems = new ArrayList<>();
        for (EnvVar var : nonNull(c.getEnv())) {
            var from = var.getValueFrom();
            if (from == null) {
                continue;
            }
            if (from.getConfigMapKeyRef() != null) {
                ConfigMapKeySelector key = from.getConfigMapKeyRef();
                if (configMapData(key.getName()).map(d -> !d.containsKey(key.getKey())).orElse(true)) {
                    problems.add(var.getName() + ": no ConfigMap key " + key.getName() + "/" + key.getKey());
                }
            } else if (from.getFieldRef() == null || !Set.of("metadata.name", "metadata.namespace")
                    .contains(from.getFieldRef().getFieldPath())) {
                problems.add(var.getName() + ": valueFrom " + from + " is not a ConfigMap key, metadata.name or "
                        + "metadata.namespace");
            }
        }
        return problems;
    }

    /** {@code $(VAR)} in a container's args or env values, as the kubelet expands it from the variables before. */
    static String expand(String text, Map<String, String> env) {
        Matcher ref = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (ref.find()) {
            String value = env.get(ref.group(1));
            ref.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : ref.group()));
        }
        ref.appendTail(out);
        return out.toString();
    }

    private static String namespace(Workload w) {
        String namespace = w.owner().getMetadata().getNamespace();
        return namespace == null ? "default" : namespace;
    }

    static boolean isKpool(Container c) {
        return c.getImage() != null && c.getImage().startsWith("kpool:");
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || labels == null || selector.getMatchLabels() == null
                || selector.getMatchLabels().isEmpty()) {
            return false;
        }
        return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    /** Every field of every object that the Kubernetes API does not have (a typo, most likely). */
    List<String> unknownFields() {
        List<String> unknown = new ArrayList<>();
        for (Doc doc : docs) {
            collectUnknownFields(doc.object(), doc.where() + ": ", unknown);
        }
        return unknown;
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

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst();
    }

    /** The repository's root: the directory above this one with {@code k8s/} and the parent pom. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("k8s"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("no docker-compose.yml and k8s/ above " + Path.of("").toAbsolutePath());
    }

    /** k8s/*.yaml but the kustomization. */
    static List<Path> manifestFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("k8s"))) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().startsWith("kustomization.")).sorted().toList();
        }
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
