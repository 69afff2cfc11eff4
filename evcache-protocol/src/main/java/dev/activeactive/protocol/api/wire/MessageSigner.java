package dev.activeactive.protocol.api.wire;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over message frames with shared secrets. One key signs; any of a list of keys verifies, so a
 * secret can be rotated without downtime (relays first accept old and new, then publishers sign with the new,
 * then the old is dropped).
 *
 * <p>Thread-safe: a {@link Mac} is created per call (Mac instances are not thread-safe, and a call per message,
 * not per operation, makes the cost negligible). Keys never appear in {@link #toString()} or exceptions.
 */
public final class MessageSigner {

  /** Length of an HMAC-SHA256 tag. */
  public static final int MAC_BYTES = 32;

  /** Shortest accepted secret; 32 random bytes are recommended. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec signingKey;
  private final List<SecretKeySpec> verificationKeys;

  private MessageSigner(byte[] signingSecret, List<byte[]> verificationSecrets) {
    this.signingKey = signingSecret == null ? null : key(signingSecret);
    List<SecretKeySpec> keys = new ArrayList<>();
    for (byte[] secret : verificationSecrets) {
      keys.add(key(secret));
    }
    this.verificationKeys = List.copyOf(keys);
  }

  /** Signs with {@code secret} and verifies with it. */
  public static MessageSigner of(byte[] secret) {
    return new MessageSigner(Objects.requireNonNull(secret, "secret"), List.of(secret));
  }

  /**
   * Signs with {@code signingSecret} (may be {@code null}: a verifier only) and accepts any of
   * {@code verificationSecrets}.
   */
  public static MessageSigner rotating(byte[] signingSecret, List<byte[]> verificationSecrets) {
    if (verificationSecrets.isEmpty()) {
      throw new IllegalArgumentException("at least one verification secret is needed");
    }
    return new MessageSigner(signingSecret, verificationSecrets);
  }

  /** Whether this signer can sign (it has a signing secret). */
  public boolean canSign() {
    return signingKey != null;
  }

  /** The HMAC of {@code frame[0..length)} with the signing key. */
  byte[] sign(byte[] frame, int length) {
    if (signingKey == null) {
      throw new IllegalStateException("this signer only verifies");
    }
    return mac(signingKey, frame, length);
  }

  /** Whether {@code tag} is the HMAC of {@code frame[0..length)} under any verification key. */
  boolean verify(byte[] frame, int length, byte[] tag) {
    boolean ok = false;
    for (SecretKeySpec key : verificationKeys) {
      // constant-time comparison; no early exit over keys either
      ok |= MessageDigest.isEqual(mac(key, frame, length), tag);
    }
    return ok;
  }

  private static byte[] mac(SecretKeySpec key, byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  private static SecretKeySpec key(byte[] secret) {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a signing secret must be at least " + MIN_SECRET_BYTES + " bytes, was "
          + secret.length + "; use 32 random bytes");
    }
    return new SecretKeySpec(Arrays.copyOf(secret, secret.length), ALGORITHM);
  }

  @Override
  public String toString() {
    return "MessageSigner{canSign=" + canSign() + ", verificationKeys=" + verificationKeys.size() + "}";
  }
}
