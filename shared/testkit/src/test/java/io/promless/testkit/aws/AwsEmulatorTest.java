package io.promless.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwsEmulatorTest {
    @TempDir
    Path repo;

    @Test
    void withoutAnyEmulatorTheErrorSaysHowToGetOne() {
        assertThatThrownBy(() -> AwsEmulator.motoServerExecutable(Map.of(), repo.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("README")
                .hasMessageContaining("moto[server]")
                .hasMessageContaining(repo.resolve(".venv/bin/moto_server").toString());
    }

    @Test
    void theRepositoryVirtualenvIsFound() throws IOException {
        Path program = Files.createDirectories(repo.resolve(".venv/bin")).resolve("moto_server");
        Files.writeString(program, "#!/bin/sh\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(AwsEmulator.motoServerExecutable(Map.of(), repo.toString())).isEqualTo(program);
    }

    @Test
    void theVariableWinsAndMustNameAProgram() {
        assertThatThrownBy(() -> AwsEmulator.motoServerExecutable(
                Map.of(AwsEmulator.MOTO_SERVER_VARIABLE, repo.resolve("missing").toString()), repo.toString()))
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void theSharedEmulatorAnswers() throws IOException {
        AwsEndpoint endpoint = AwsEmulator.endpoint();
        assertThat(AwsEmulator.endpoint()).isSameAs(endpoint);
        HttpURLConnection connection = (HttpURLConnection) endpoint.uri().resolve("/").toURL().openConnection();
        assertThat(connection.getResponseCode()).isPositive();
        assertThat(endpoint.region().id()).isEqualTo("us-east-1");
    }
}
