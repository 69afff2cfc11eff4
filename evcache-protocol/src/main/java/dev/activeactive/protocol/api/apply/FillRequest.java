package dev.activeactive.protocol.api.apply;

import dev.activeactive.protocol.api.version.Version;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A cache-aside fill: a value loaded from the database after a miss, to be stored if that cannot hide a newer
 * write.
 *
 * @param key the namespaced memcached key
 * @param payload the loaded value's bytes
 * @param flags the user's flags
 * @param expiryEpochSeconds absolute expiry, 0 = never
 * @param loadedVersionMicros the loaded data's version (for example Cassandra's {@code writetime()}), if the
 *     loader knows it
 * @param holdOffMicros without a loaded version, how old a tombstone must be before a fill may replace it
 * @param localRegion the filling region, stamped into the stored version
 */
public record FillRequest(String key, byte[] payload, int flags, long expiryEpochSeconds,
    OptionalLong loadedVersionMicros, long holdOffMicros, String localRegion) {

  /** Validates the fields. */
  public FillRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(loadedVersionMicros, "loadedVersionMicros");
    Version.requireValidRegion(localRegion);
    if (holdOffMicros < 0 || expiryEpochSeconds < 0) {
      throw new IllegalArgumentException("hold-off and expiry must not be negative");
    }
    if (loadedVersionMicros.isPresent() && loadedVersionMicros.getAsLong() < 0) {
      throw new IllegalArgumentException("loaded version must not be negative");
    }
  }
}
