package io.promless.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusServerTest {
    @TempDir
    Path directory;

    @Test
    void findsTheFirstExecutableInTheDirectories() throws IOException {
        Path empty = Files.createDirectory(directory.resolve("empty"));
        Path bin = Files.createDirectory(directory.resolve("bin"));
        Path program = executable(bin.resolve("prometheus"));
        assertThat(PrometheusServer.locate("prometheus", null, "p / P", List.of(empty, bin))).isEqualTo(program);
    }

    @Test
    void aConfiguredProgramWinsAndMustBeExecutable() throws IOException {
        Path configured = executable(directory.resolve("my-prometheus"));
        assertThat(PrometheusServer.locate("prometheus", configured.toString(), "p / P", List.of())).isEqualTo(configured);
        Path plain = Files.writeString(directory.resolve("not-executable"), "");
        assertThatThrownBy(() -> PrometheusServer.locate("prometheus", plain.toString(), "p / P", List.of(directory)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not an executable file at " + plain);
    }

    @Test
    void aMissingProgramFailsNamingTheDebianPackage() {
        assertThatThrownBy(() -> PrometheusServer.locate("promtool", " ", "promless.promtool / PROMLESS_PROMTOOL", List.of(directory)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing: promtool")
                .hasMessageContaining("Debian package 'prometheus'")
                .hasMessageContaining("PROMLESS_PROMTOOL");
    }

    private static Path executable(Path path) throws IOException {
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
