package dev.activeactive.protocol.api.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Turns a user key into the memcached key of one dataset ({@code dataset:key}) and checks it against
 * memcached's ASCII protocol rules: at most {@value #MAX_KEY_BYTES} bytes of UTF-8, no whitespace and no
 * control characters.
 *
 * <p>A dataset may opt into key hashing. Then a user key that would be invalid, or that starts with
 * {@value #HASH_MARKER}, becomes {@code dataset:#} followed by the unpadded base64url SHA-256 of the user key's
 * UTF-8 bytes (43 characters). Keys starting with {@code #} are hashed too so that a literal user key can never
 * collide with the hashed form of another key. The mapping depends only on the dataset name, the flag and the
 * key, so every region and the relay compute the same memcached key.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyPolicy {

  /** memcached's key length limit, in bytes. */
  public static final int MAX_KEY_BYTES = 250;

  /** Separates the dataset name from the user key. */
  public static final char SEPARATOR = ':';

  /** Marks a hashed user key. */
  public static final char HASH_MARKER = '#';

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String dataset;
  private final boolean hashing;
  private final String prefix;
  private final int prefixBytes;

  /**
   * @param dataset the dataset name; validated by {@link DatasetNames#requireValid(String)}
   * @param hashing whether invalid or over-long keys are hashed instead of rejected
   */
  public KeyPolicy(String dataset, boolean hashing) {
    this.dataset = DatasetNames.requireValid(dataset);
    this.hashing = hashing;
    this.prefix = dataset + SEPARATOR;
    this.prefixBytes = prefix.length(); // ASCII
  }

  /** The dataset this policy namespaces keys for. */
  public String dataset() {
    return dataset;
  }

  /** Whether invalid keys are hashed. */
  public boolean hashing() {
    return hashing;
  }

  /**
   * The memcached key for a user key.
   *
   * @throws IllegalArgumentException if the key is empty, or invalid and hashing is off; the message names the
   *     dataset, the problem (length or the offending character and its index, never the key itself) and the fix
   */
  public String memcachedKey(String userKey) {
    if (userKey == null || userKey.isEmpty()) {
      throw new IllegalArgumentException("Key for dataset '" + dataset + "' is empty; memcached keys need at least"
          + " one character.");
    }
    String problem = problem(userKey);
    if (problem == null && !(hashing && userKey.charAt(0) == HASH_MARKER)) {
      return prefix + userKey;
    }
    if (hashing) {
      return prefix + HASH_MARKER + sha256Base64Url(userKey);
    }
    throw new IllegalArgumentException("Key for dataset '" + dataset + "' is not a valid memcached key: " + problem
        + ". Shorten the key or remove the character, or enable key hashing for dataset '" + dataset + "'.");
  }

  /** Returns a description of what makes {@code dataset:userKey} invalid, or {@code null} if it is valid. */
  private String problem(String userKey) {
    int utf8 = prefixBytes;
    for (int i = 0; i < userKey.length(); ) {
      int cp = userKey.codePointAt(i);
      if (isForbidden(cp)) {
        return "it contains " + describe(cp) + " at index " + i;
      }
      if (isSurrogate(cp)) {
        return "it contains an unpaired UTF-16 surrogate (U+" + String.format("%04X", cp) + ") at index " + i
            + ", which has no UTF-8 encoding";
      }
      utf8 += utf8Length(cp);
      i += Character.charCount(cp);
    }
    if (utf8 > MAX_KEY_BYTES) {
      return "'" + dataset + ":' plus the key is " + utf8 + " bytes of UTF-8, the limit is " + MAX_KEY_BYTES;
    }
    return null;
  }

  /**
   * Whether a memcached key (already namespaced) follows the rules: 1 to {@value #MAX_KEY_BYTES} bytes of UTF-8,
   * well-formed, no whitespace or control characters, and a valid dataset name before the first {@code :}.
   * The relay uses this to reject forged keys in received messages.
   */
  public static boolean isValidMemcachedKey(String key) {
    int sep = key.indexOf(SEPARATOR);
    if (sep <= 0 || sep == key.length() - 1 || !DatasetNames.isValid(key.substring(0, sep))) {
      return false;
    }
    int utf8 = 0;
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      if (isForbidden(cp) || isSurrogate(cp)) {
        return false;
      }
      utf8 += utf8Length(cp);
      i += Character.charCount(cp);
    }
    return utf8 <= MAX_KEY_BYTES;
  }

  /** The dataset part of a namespaced memcached key (everything before the first {@code :}). */
  public static String datasetOf(String memcachedKey) {
    int sep = memcachedKey.indexOf(SEPARATOR);
    if (sep <= 0) {
      throw new IllegalArgumentException("not a namespaced key (no dataset prefix)");
    }
    return memcachedKey.substring(0, sep);
  }

  // memcached's text protocol splits on whitespace and ends lines at CR/LF; we are stricter than memcached and
  // refuse every Unicode whitespace and control character, because they are always a bug in a cache key.
  private static boolean isForbidden(int cp) {
    return Character.isISOControl(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  // codePointAt returns a lone surrogate as itself; it has no UTF-8 encoding (Java would write '?').
  private static boolean isSurrogate(int cp) {
    return cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
  }

  private static String describe(int cp) {
    String kind = Character.isISOControl(cp) ? "a control character" : "whitespace";
    return kind + " (U+" + String.format("%04X", cp) + ")";
  }

  private static int utf8Length(int cp) {
    if (cp < 0x80) {
      return 1;
    } else if (cp < 0x800) {
      return 2;
    } else if (cp < 0x10000) {
      return 3;
    }
    return 4;
  }

  private static String sha256Base64Url(String userKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(userKey.getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
