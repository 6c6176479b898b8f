package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The one jar kpool ships keeps the notices and licenses of what it bundles. */
class ShadedJarTest {

    private static final Path JAR = Path.of("..", "cli", "target", "kpool.jar");

    @Test
    void theJarCarriesTheNoticesAndLicensesOfWhatItBundles() throws IOException {
        assertThat(JAR).as("modules/cli/target/kpool.jar (mvn package builds it before this module)").exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String notice = text(jar, "META-INF/NOTICE") + text(jar, "NOTICE");
            assertThat(notice).as("META-INF/NOTICE and NOTICE: every bundled NOTICE")
                    .contains("Apache Kafka").contains("Jackson").contains("Scala");
            String licenses = text(jar, "META-INF/LICENSE") + text(jar, "META-INF/LICENSE.txt");
            assertThat(licenses).as("META-INF/LICENSE*, every bundled license text")
                    .contains("Apache License").contains("Version 2.0");
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        if (entry == null) {
            return "";
        }
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
