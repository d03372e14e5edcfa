package io.promless.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
    @Test
    void namesAndLimitsComeFromTheEnvironment() {
        AwsSettings settings = new AwsSettings(Map.of(
                "AWS_REGION", "eu-west-1",
                "PROMLESS_SERIES_TABLE", "series",
                "PROMLESS_SEGMENTS_TABLE", "segments",
                "PROMLESS_BUCKET", "bucket",
                "PROMLESS_BUCKET_PREFIX", "promless/",
                "PROMLESS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q",
                "PROMLESS_QUEUE_MAX_MESSAGE_BYTES", "1000",
                "PROMLESS_ALERT_TOPIC_ARN", "arn:aws:sns:eu-west-1:1:alerts"));
        assertThat(settings.region()).hasValue("eu-west-1");
        assertThat(settings.seriesTable()).isEqualTo("series");
        assertThat(settings.segmentsTable()).isEqualTo("segments");
        assertThat(settings.bucket()).isEqualTo("bucket");
        assertThat(settings.bucketPrefix()).isEqualTo("promless/");
        assertThat(settings.queueUrl()).endsWith("/q");
        assertThat(settings.queueMaxMessageBytes()).isEqualTo(1000);
        assertThat(settings.alertTopicArn()).startsWith("arn:aws:sns");
        assertThat(settings.endpoint(AwsSettings.Service.S3)).isEmpty();
    }

    @Test
    void defaultsApplyWhenOptionalSettingsAreAbsent() {
        AwsSettings settings = new AwsSettings(Map.of("PROMLESS_BUCKET_PREFIX", "  "));
        assertThat(settings.bucketPrefix()).isEmpty();
        assertThat(settings.queueMaxMessageBytes()).isEqualTo(262_144);
        assertThat(settings.region()).isEmpty();
    }

    @Test
    void missingRequiredSettingNamesTheVariable() {
        AwsSettings settings = new AwsSettings(Map.of());
        assertThatThrownBy(settings::seriesTable).hasMessageContaining("PROMLESS_SERIES_TABLE");
        assertThatThrownBy(settings::queueUrl).hasMessageContaining("PROMLESS_QUEUE_URL");
        assertThatThrownBy(settings::alertTopicArn).hasMessageContaining("PROMLESS_ALERT_TOPIC_ARN");
    }

    @Test
    void serviceEndpointWinsOverTheGlobalOne() {
        AwsSettings settings = new AwsSettings(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"));
        assertThat(settings.endpoint(AwsSettings.Service.DYNAMODB)).hasValue(URI.create("http://127.0.0.1:8000"));
        assertThat(settings.endpoint(AwsSettings.Service.SQS)).hasValue(URI.create("http://127.0.0.1:5000"));
    }

    @Test
    void badValuesGetClearErrors() {
        assertThatThrownBy(() -> new AwsSettings(Map.of("AWS_ENDPOINT_URL", "not a url")).endpoint(AwsSettings.Service.S3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> new AwsSettings(Map.of("PROMLESS_QUEUE_MAX_MESSAGE_BYTES", "-5")).queueMaxMessageBytes())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive integer");
    }
}
