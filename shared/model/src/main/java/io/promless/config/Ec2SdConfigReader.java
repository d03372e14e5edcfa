package io.promless.config;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads one {@code ec2_sd_configs} entry with Prometheus's checks: a region is required (from
 * the entry, else the AWS region variables as the SDK's default chain would find them), and
 * every filter needs at least one value; the inline HTTP client settings get their usual checks.
 */
final class Ec2SdConfigReader {
    private final Function<String, String> environment;

    /** @param environment looks up AWS_REGION and AWS_DEFAULT_REGION for entries without a region */
    Ec2SdConfigReader(Function<String, String> environment) {
        this.environment = environment;
    }

    /** A reader that falls back to the process's region variables, as Prometheus does. */
    static Ec2SdConfigReader standard() {
        return new Ec2SdConfigReader(System::getenv);
    }

    Ec2SdConfig read(YamlFields fields, Path baseDirectory, HttpClientConfigReader http) {
        String endpoint = fields.string("endpoint", "");
        String region = fields.string("region", "");
        String accessKey = fields.string("access_key", "");
        Optional<Secret> secretKey = fields.string("secret_key").map(Secret::new);
        String profile = fields.string("profile", "");
        String roleArn = fields.string("role_arn", "");
        var refresh = fields.duration("refresh_interval").filter(d -> !d.isZero())
                .orElse(Ec2SdConfig.DEFAULT_REFRESH_INTERVAL);
        int port = fields.take("port").map(Ec2SdConfigReader::port).orElse(Ec2SdConfig.DEFAULT_PORT);
        List<Ec2SdConfig.Filter> filters = new ArrayList<>();
        for (YamlNode node : fields.sequence("filters").map(YamlNode.Sequence::items).orElse(List.of())) {
            filters.add(filter(node));
        }
        HttpClientConfig httpClient = http.read(fields);
        fields.finish();
        if (region.isEmpty()) {
            region = defaultRegion().orElseThrow(() -> new ConfigException("EC2 SD configuration requires a region"));
        }
        for (Ec2SdConfig.Filter filter : filters) {
            if (filter.values().isEmpty()) {
                throw new ConfigException("EC2 SD configuration filter values cannot be empty");
            }
        }
        return new Ec2SdConfig(endpoint, region, accessKey, secretKey, profile, roleArn, refresh, port, filters, httpClient);
    }

    private Optional<String> defaultRegion() {
        return Optional.ofNullable(environment.apply("AWS_REGION")).filter(value -> !value.isEmpty())
                .or(() -> Optional.ofNullable(environment.apply("AWS_DEFAULT_REGION")).filter(value -> !value.isEmpty()));
    }

    private static Ec2SdConfig.Filter filter(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "aws.EC2Filter");
        String name = fields.string("name", "");
        List<String> values = fields.strings("values");
        fields.finish();
        return new Ec2SdConfig.Filter(name, values);
    }

    private static int port(YamlNode node) {
        String text = YamlFields.scalarText(node, "int");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw YamlFields.unmarshalError(node.line(), "cannot unmarshal " + YamlFields.tagOf(node) + " `" + text + "` into int");
        }
    }
}
