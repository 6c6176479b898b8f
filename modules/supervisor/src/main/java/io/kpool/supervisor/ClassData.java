package io.kpool.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application class-data archive (AppCDS) for worker JVMs: classes already parsed and laid out
 * in a file the JVM maps at start, which roughly halves a worker's start. The archive is made once
 * by a training run ({@code kpool worker --train} with {@code -XX:ArchiveClassesAtExit}) and kept
 * under a name derived from everything that would invalidate it: the java binary and version, the
 * JVM options, and each class-path jar's size and time. Where no archive can be made (a class path
 * with directories, a read-only disk) workers simply start without one.
 */
final class ClassData {

    private static final Logger log = LoggerFactory.getLogger(ClassData.class);

    private final Path archive;
    private boolean training;

    /**
     * @param dir           where archives are kept, or null for none
     * @param workerCommand {@code java <opts> -cp <class path> <main>}
     */
    ClassData(Path dir, List<String> workerCommand) {
        this.archive = dir == null ? null : dir.resolve("worker-" + key(workerCommand) + ".jsa");
    }

    /** The JVM options that use the archive, when there is one. */
    List<String> options() {
        return archive != null && Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
                : List.of();
    }

    /**
     * The JVM options for a training run that makes the archive, or empty when there is one, one
     * is being made, or none can be.
     */
    List<String> trainingOptions() {
        if (archive == null || training || Files.isRegularFile(archive)) {
            return List.of();
        }
        try {
            Files.createDirectories(archive.getParent());
            forgetOld(archive.getParent());
        } catch (IOException e) {
            log.info("no class-data archive: cannot create {}: {}", archive.getParent(), e.getMessage());
            return List.of();
        }
        training = true;
        return List.of("-XX:ArchiveClassesAtExit=" + partial(), "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** The training run ended: keep what it made. */
    void trained(int exitCode) {
        training = false;
        Path partial = partial();
        if (exitCode == 0 && Files.isRegularFile(partial)) {
            try {
                Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                log.info("workers now start with the class-data archive {}", archive);
                return;
            } catch (IOException e) {
                log.info("cannot keep the class-data archive: {}", e.getMessage());
            }
        }
        log.info("no class-data archive could be made (training exited {}); workers start without one", exitCode);
    }

    /** Archives of other builds, untouched for a day, are removed: each is tens of megabytes. */
    private static void forgetOld(Path dir) throws IOException {
        java.time.Instant dayAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("worker-")).toList()) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(dayAgo)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private Path partial() {
        return archive.resolveSibling(archive.getFileName() + ".partial-" + ProcessHandle.current().pid());
    }

    private static String key(List<String> command) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(System.getProperty("java.vm.version", "").getBytes(StandardCharsets.UTF_8));
            for (String part : command) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            int cp = command.indexOf("-cp");
            if (cp >= 0 && cp + 1 < command.size()) {
                for (String entry : command.get(cp + 1).split(java.io.File.pathSeparator)) {
                    Path p = Path.of(entry);
                    if (Files.isRegularFile(p)) {
                        digest.update((Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis())
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException | IOException e) {
            return "unkeyed";
        }
    }
}
