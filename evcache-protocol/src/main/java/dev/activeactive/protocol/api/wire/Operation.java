package dev.activeactive.protocol.api.wire;

import dev.activeactive.protocol.api.apply.DatasetApplyRules;
import dev.activeactive.protocol.api.key.KeyPolicy;
import dev.activeactive.protocol.api.version.Version;
import java.util.Arrays;
import java.util.Objects;

/**
 * One cross-region operation on one key, as published by the client and applied by the relay.
 *
 * <p>The key is the namespaced memcached key ({@code dataset:key}, already validated or hashed by
 * {@link KeyPolicy}); the dataset is its prefix, so it is not stored twice. The expiry is absolute (epoch
 * seconds, 0 = never) so that time spent in queues does not stretch a TTL; it is meaningful for REPLICATE only
 * and 0 for the others. The value is present for REPLICATE only.
 *
 * <p>Every operation carries its dataset's {@link DatasetApplyRules} (tombstone lifetime, delete mode), as the
 * publishing client is configured: the relay applies them as given and needs no copy of the client's dataset
 * settings. Operations built without rules carry {@link DatasetApplyRules#DEFAULT}.
 *
 * <p>Immutable as long as nobody modifies the value array.
 */
public final class Operation {

  /** Largest expiry the wire format carries (unsigned 32-bit epoch seconds, like memcached's own). */
  public static final long MAX_EXPIRY_EPOCH_SECONDS = 0xFFFF_FFFFL;

  private final OperationType type;
  private final String key;
  private final Version version;
  private final long expiryEpochSeconds;
  private final int flags;
  private final byte[] value;
  private final DatasetApplyRules rules;

  private Operation(OperationType type, String key, Version version, long expiryEpochSeconds, int flags,
      byte[] value, DatasetApplyRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.type = Objects.requireNonNull(type, "type");
    this.key = Objects.requireNonNull(key, "key");
    this.version = Objects.requireNonNull(version, "version");
    if (!KeyPolicy.isValidMemcachedKey(key)) {
      // never echo the key itself: it may carry user data
      throw new IllegalArgumentException("operation key is not a valid namespaced memcached key (length "
          + key.length() + ")");
    }
    if (expiryEpochSeconds < 0 || expiryEpochSeconds > MAX_EXPIRY_EPOCH_SECONDS) {
      throw new IllegalArgumentException("expiry must be 0 (none) or epoch seconds up to 2^32-1: "
          + expiryEpochSeconds);
    }
    this.expiryEpochSeconds = expiryEpochSeconds;
    this.flags = flags;
    this.value = value;
  }

  /** A REPLICATE operation carrying a value; the array is not copied. */
  public static Operation replicate(String key, Version version, long expiryEpochSeconds, int flags,
      byte[] value) {
    return new Operation(OperationType.REPLICATE, key, version, expiryEpochSeconds, flags,
        Objects.requireNonNull(value, "value"), DatasetApplyRules.DEFAULT);
  }

  /** An INVALIDATE operation. */
  public static Operation invalidate(String key, Version version) {
    return new Operation(OperationType.INVALIDATE, key, version, 0, 0, null, DatasetApplyRules.DEFAULT);
  }

  /** A DELETE operation. */
  public static Operation delete(String key, Version version) {
    return new Operation(OperationType.DELETE, key, version, 0, 0, null, DatasetApplyRules.DEFAULT);
  }

  /** The same operation carrying {@code rules}, its dataset's removal rules. */
  public Operation withRules(DatasetApplyRules rules) {
    return rules.equals(this.rules) ? this
        : new Operation(type, key, version, expiryEpochSeconds, flags, value, rules);
  }

  /** The rules of the operation's dataset, as its publisher is configured. */
  public DatasetApplyRules rules() {
    return rules;
  }

  /** The same key and version as INVALIDATE: what the client publishes when a value is too big to replicate. */
  public Operation asInvalidate() {
    return type == OperationType.INVALIDATE ? this
        : new Operation(OperationType.INVALIDATE, key, version, 0, 0, null, rules);
  }

  /** What to do remotely. */
  public OperationType type() {
    return type;
  }

  /** The namespaced memcached key. */
  public String key() {
    return key;
  }

  /** The dataset, the key's prefix before the first {@code :}. */
  public String dataset() {
    return KeyPolicy.datasetOf(key);
  }

  /** The version of the write. */
  public Version version() {
    return version;
  }

  /** Absolute expiry in epoch seconds, 0 for none. */
  public long expiryEpochSeconds() {
    return expiryEpochSeconds;
  }

  /** The user's flags (REPLICATE only, otherwise 0). */
  public int flags() {
    return flags;
  }

  /** The value bytes for REPLICATE, {@code null} otherwise. Not copied: do not modify. */
  public byte[] value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Operation op && type == op.type && key.equals(op.key) && version.equals(op.version)
        && expiryEpochSeconds == op.expiryEpochSeconds && flags == op.flags && Arrays.equals(value, op.value)
        && rules.equals(op.rules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, key, version, expiryEpochSeconds, flags, Arrays.hashCode(value), rules);
  }

  /** Describes the operation without the key or value, which may hold user data. */
  @Override
  public String toString() {
    return type + "{dataset=" + dataset() + ", version=" + version + ", expiry=" + expiryEpochSeconds + ", " + rules
        + (value == null ? "" : ", valueBytes=" + value.length) + "}";
  }
}
