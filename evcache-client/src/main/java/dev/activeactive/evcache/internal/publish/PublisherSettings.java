package dev.activeactive.evcache.internal.publish;

import dev.activeactive.evcache.api.OverflowPolicy;
import dev.activeactive.evcache.api.PublisherConfig;
import dev.activeactive.evcache.internal.spool.SpoolOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The publisher's settings, without the AWS parts (regions, credentials), so tests can build publishers on fake
 * senders.
 *
 * @param linger how long an operation may wait for others to share its message
 * @param packing whether operations share messages
 * @param maxBufferBytes memory bound per region (encoded operation bytes)
 * @param overflowPolicy what a write does when a region's buffer is full
 * @param maxBlock how long BLOCK waits
 * @param spoolDirectory parent directory of the regions' spools, or {@code null} for none
 * @param spoolOptions the spools' limits
 * @param maxInFlightRequests requests in flight per region
 * @param retryBackoff first retry delay
 * @param maxRetryBackoff longest retry delay
 * @param maxBodyBytes largest message body
 * @param signingSecret HMAC secret, or {@code null}
 * @param closeTimeout how long close waits to deliver
 */
public record PublisherSettings(Duration linger, boolean packing, long maxBufferBytes, OverflowPolicy overflowPolicy,
    Duration maxBlock, Path spoolDirectory, SpoolOptions spoolOptions, int maxInFlightRequests,
    Duration retryBackoff, Duration maxRetryBackoff, int maxBodyBytes, byte[] signingSecret,
    Duration closeTimeout) {

  /** The settings of a public configuration. */
  public static PublisherSettings of(PublisherConfig config) {
    long spoolMax = config.spoolMaxBytes();
    int maxRecord = config.maxBodyBytes();
    // the active segment's records are also held in memory: keep segments small
    int segment = (int) Math.max(32L + maxRecord, Math.min(8L * 1024 * 1024, spoolMax / 4));
    return new PublisherSettings(config.linger(), config.packing(), config.maxBufferBytes(),
        config.overflowPolicy(), config.maxBlock(), config.spoolDirectory().orElse(null),
        new SpoolOptions(spoolMax, segment, maxRecord, config.spoolSync()), config.maxInFlightRequests(),
        config.retryBackoff(), config.maxRetryBackoff(), config.maxBodyBytes(),
        config.signingSecret().orElse(null), config.closeTimeout());
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "PublisherSettings{linger=" + linger + ", packing=" + packing + ", maxBufferBytes=" + maxBufferBytes
        + ", overflowPolicy=" + overflowPolicy + ", spool=" + (spoolDirectory != null) + ", signed="
        + (signingSecret != null) + "}";
  }
}
