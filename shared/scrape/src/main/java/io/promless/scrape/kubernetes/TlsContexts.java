package io.promless.scrape.kubernetes;

import io.promless.scrape.TrustEverything;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for talking to an API server from PEM text: a CA bundle replacing the default trust
 * store, an optional client certificate with its key (PKCS#8 or PKCS#1 RSA), or no
 * verification at all ({@code insecure_skip_verify}).
 */
final class TlsContexts {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");
    /** DER prefix turning a PKCS#1 RSA key into PKCS#8: the rsaEncryption algorithm identifier. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private TlsContexts() {}

    static SSLContext create(Optional<String> caPem, Optional<String> certificatePem, Optional<String> keyPem, boolean insecure)
            throws GeneralSecurityException, IOException {
        TrustManager[] trust = insecure ? new TrustManager[] {new TrustEverything()} : caPem.isPresent() ? trustManagers(caPem.get()) : null;
        KeyManager[] keys = certificatePem.isPresent() && keyPem.isPresent() ? keyManagers(certificatePem.get(), keyPem.get()) : null;
        if (trust == null && keys == null) {
            return SSLContext.getDefault();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    private static TrustManager[] trustManagers(String pem) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int index = 0;
        for (Certificate certificate : certificates(pem)) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        if (index == 0) {
            throw new GeneralSecurityException("no CA certificate found in the configured CA");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(String certificatePem, String keyPem) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        store.setKeyEntry("client", privateKey(keyPem), password, certificates(certificatePem).toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static java.util.Collection<? extends Certificate> certificates(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        Matcher matcher = PEM.matcher(pem);
        if (!matcher.find()) {
            throw new GeneralSecurityException("client key is not PEM");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
        return switch (matcher.group(1)) {
            case "PRIVATE KEY" -> pkcs8(der);
            case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs8(der)));
            default -> throw new GeneralSecurityException("client key type \"" + matcher.group(1)
                    + "\" is not supported; convert it with: openssl pkcs8 -topk8 -nocrypt");
        };
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this algorithm: try the next.
            }
        }
        throw new GeneralSecurityException("client key is neither RSA, EC nor Ed25519");
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] rsaPkcs8(byte[] pkcs1) {
        byte[] octets = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
        byte[] body = concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, octets);
        return concat(new byte[] {0x30}, length(body.length), body);
    }

    private static byte[] length(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
