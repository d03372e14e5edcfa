package io.promless.api;

import io.promless.api.json.GoTime;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Supplier;

/**
 * /api/v1/status/buildinfo, runtimeinfo, config and flags, in Prometheus 3's shapes and field
 * order. The TSDB status page is {@link TsdbStatusEndpoint}.
 */
final class StatusEndpoints {
    private final Supplier<ServerInfo> serverInfo;
    private final Supplier<RuntimeFigures> runtime;
    private final InstantSource clock;

    StatusEndpoints(Supplier<ServerInfo> serverInfo, Supplier<RuntimeFigures> runtime, InstantSource clock) {
        this.serverInfo = serverInfo;
        this.runtime = runtime;
        this.clock = clock;
    }

    ApiResponse buildInfo() {
        BuildInfo build = serverInfo.get().build();
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeStringField("version", build.version());
            generator.writeStringField("revision", build.revision());
            generator.writeStringField("branch", build.branch());
            generator.writeStringField("buildUser", build.buildUser());
            generator.writeStringField("buildDate", build.buildDate());
            generator.writeStringField("goVersion", build.goVersion());
            generator.writeEndObject();
        });
    }

    ApiResponse runtimeInfo() {
        ServerInfo info = serverInfo.get();
        RuntimeFigures figures = runtime.get();
        String serverTime = GoTime.format(clock.instant());
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeStringField("startTime", GoTime.format(info.startTime()));
            generator.writeStringField("CWD", info.workingDirectory());
            generator.writeStringField("hostname", info.hostname());
            generator.writeStringField("serverTime", serverTime);
            generator.writeBooleanField("reloadConfigSuccess", info.reloadConfigSuccess());
            generator.writeStringField("lastConfigTime", GoTime.format(info.lastConfigTime()));
            // Prometheus counts TSDB corruptions found at startup; our stores report none.
            generator.writeNumberField("corruptionCount", 0);
            generator.writeNumberField("goroutineCount", figures.threadCount());
            generator.writeNumberField("GOMAXPROCS", figures.processors());
            generator.writeNumberField("GOMEMLIMIT", figures.memoryLimitBytes());
            generator.writeStringField("GOGC", "");
            generator.writeStringField("GODEBUG", "");
            generator.writeStringField("storageRetention", info.storageRetention());
            generator.writeEndObject();
        });
    }

    ApiResponse config() {
        String yaml = serverInfo.get().configYaml();
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            generator.writeStringField("yaml", yaml);
            generator.writeEndObject();
        });
    }

    ApiResponse flags() {
        Map<String, String> flags = serverInfo.get().flags();
        return ApiResponses.success(generator -> {
            generator.writeStartObject();
            for (Map.Entry<String, String> flag : flags.entrySet()) {
                generator.writeStringField(flag.getKey(), flag.getValue());
            }
            generator.writeEndObject();
        });
    }
}
