package io.github.sessionkit.testkit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, made with the JDK's own
 * {@code keytool}, in the forms a test needs: PEM certificate and PKCS#8 key files for {@code
 * redis-server --tls-*}, a PKCS12 trust store file (with password) for a client's configuration,
 * and an {@link SSLContext} trusting it. Files live in a temporary directory removed by {@link
 * #close()}. Immutable once generated.
 */
public final class SelfSignedTls implements AutoCloseable {

  private static final String ALIAS = "sessionkit-test";

  private final Path directory;
  private final Path certificatePem;
  private final Path privateKeyPem;
  private final Path truststore;
  private final String truststorePassword;

  private SelfSignedTls(
      Path directory,
      Path certificatePem,
      Path privateKeyPem,
      Path truststore,
      String truststorePassword) {
    this.directory = directory;
    this.certificatePem = certificatePem;
    this.privateKeyPem = privateKeyPem;
    this.truststore = truststore;
    this.truststorePassword = truststorePassword;
  }

  /** Generates a new key pair and certificate (RSA 2048, valid 7 days). Takes about a second. */
  public static SelfSignedTls generate() {
    try {
      Path dir = Files.createTempDirectory("sessionkit-tls-");
      byte[] random = new byte[12];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      Path keystore = dir.resolve("server.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      List<String> command =
          List.of(
              keytool.toString(),
              "-genkeypair",
              "-alias",
              ALIAS,
              "-keyalg",
              "RSA",
              "-keysize",
              "2048",
              "-validity",
              "7",
              "-dname",
              "CN=localhost",
              "-ext",
              "SAN=ip:127.0.0.1,dns:localhost",
              "-keystore",
              keystore.toString(),
              "-storetype",
              "PKCS12",
              "-storepass",
              password,
              "-keypass",
              password,
              "-noprompt");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore server = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        server.load(in, password.toCharArray());
      }
      Key key = server.getKey(ALIAS, password.toCharArray());
      Certificate certificate = server.getCertificate(ALIAS);
      Path certificatePem = dir.resolve("server.crt");
      Path privateKeyPem = dir.resolve("server.key");
      Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
      // PKCS#8, which OpenSSL (and so redis-server) reads as "PRIVATE KEY".
      Files.writeString(privateKeyPem, pem("PRIVATE KEY", key.getEncoded()));
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(ALIAS, certificate);
      Path truststore = dir.resolve("truststore.p12");
      try (OutputStream out = Files.newOutputStream(truststore)) {
        trust.store(out, password.toCharArray());
      }
      return new SelfSignedTls(dir, certificatePem, privateKeyPem, truststore, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the generated key store", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** The certificate, PEM. */
  public Path certificatePem() {
    return certificatePem;
  }

  /** The private key, unencrypted PKCS#8 PEM. */
  public Path privateKeyPem() {
    return privateKeyPem;
  }

  /** A PKCS12 trust store holding the certificate. */
  public Path truststore() {
    return truststore;
  }

  public String truststorePassword() {
    return truststorePassword;
  }

  /** A TLS context that trusts this certificate and nothing else. */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(truststore)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(in, truststorePassword.toCharArray());
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Deletes the files. */
  @Override
  public void close() {
    try (var paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory left behind is harmless.
    }
  }
}
