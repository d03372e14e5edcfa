package io.promless.scrape.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Client keys as kubeconfig files and tls_config carry them: PKCS#8 and PKCS#1 RSA PEM. */
class TlsContextsTest {
    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void readsPkcs8AndPkcs1RsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        // PKCS#8 for RSA: SEQUENCE(4) + version(3) + algorithm(15) + OCTET STRING header(4), then the PKCS#1 key.
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);

        assertThat(TlsContexts.privateKey(pem("PRIVATE KEY", pkcs8))).isEqualTo(pair.getPrivate());
        assertThat(TlsContexts.privateKey(pem("RSA PRIVATE KEY", pkcs1))).isEqualTo(pair.getPrivate());
    }

    @Test
    void readsPkcs8EcKeysAndExplainsSec1() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThat(TlsContexts.privateKey(pem("PRIVATE KEY", pair.getPrivate().getEncoded()))).isEqualTo(pair.getPrivate());
        assertThatThrownBy(() -> TlsContexts.privateKey(pem("EC PRIVATE KEY", new byte[] {1, 2, 3})))
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }
}
