package io.promless.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.ports.ObjectStore;
import io.promless.testkit.aws.AwsEmulator;
import io.promless.testkit.aws.AwsEndpoint;
import io.promless.testkit.aws.AwsResources;
import io.promless.testkit.contract.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ObjectStoreTest extends ObjectStoreContract {
    private S3Client s3;
    private String bucket;

    /** The emulator these tests run against; the LocalStack profile overrides it. */
    protected AwsEndpoint endpoint() {
        return AwsEmulator.endpoint();
    }

    @BeforeAll
    void createBucket() {
        s3 = endpoint().s3();
        bucket = new AwsResources(endpoint()).createBucket();
    }

    @AfterAll
    void close() {
        s3.close();
    }

    /** Small list pages, so pagination is exercised without writing a thousand objects to the emulator. */
    static final int LIST_PAGE_SIZE = 40;

    @Override
    protected ObjectStore createStore() {
        return new S3ObjectStore(s3, bucket, AwsResources.uniqueName("test") + "/", LIST_PAGE_SIZE);
    }

    @Override
    protected int manyKeys() {
        return 3 * LIST_PAGE_SIZE + 7;
    }

    @Test
    void objectsLiveUnderThePrefixInTheBucket() {
        String prefix = AwsResources.uniqueName("prefixed") + "/";
        S3ObjectStore store = new S3ObjectStore(s3, bucket, prefix);
        store.put("blocks/1", new byte[] {1});
        assertThat(s3.listObjectsV2(request -> request.bucket(bucket).prefix(prefix)).contents())
                .singleElement().satisfies(object -> assertThat(object.key()).isEqualTo(prefix + "blocks/1"));
        assertThat(store.requests()).isEqualTo(1);
        store.list("");
        assertThat(store.requests()).isEqualTo(2);
    }

    @Test
    void keyBeyondS3sLimitIsRejectedBeforeSending() {
        S3ObjectStore store = new S3ObjectStore(s3, bucket, "p/");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put("k".repeat(1023), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024 bytes");
        assertThat(store.requests()).isZero();
    }
}
