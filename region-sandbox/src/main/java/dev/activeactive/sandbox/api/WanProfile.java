package dev.activeactive.sandbox.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of the wide-area network between two regions, as the sandbox emulates it on every inter-region
 * path (the queue paths and Cassandra's inter-datacenter messaging): each chunk of bytes leaves a path
 * {@link #oneWayDelay()} plus up to {@link #jitter()} after it arrived, in order, optionally paced to
 * {@link #bandwidthBytesPerSecond()}. A round trip therefore takes about twice the one-way delay.
 *
 * <p>Named profiles come from published inter-region round-trip tables (see docs/region-sandbox.md for the
 * sources); {@link #parse(String)} also takes a custom shape such as {@code rtt=120ms,jitter=5ms}.
 *
 * @param name what reports print, e.g. {@code us-east-1/us-west-2}
 * @param oneWayDelay how long each byte takes to cross the path, in each direction
 * @param jitter the most, on top of the delay, that a chunk may additionally take (uniformly drawn); jitter
 *     never reorders bytes within a connection
 * @param bandwidthBytesPerSecond the path's capacity per connection and direction; 0 means not limited
 * @param source where the figures come from
 */
public record WanProfile(String name, Duration oneWayDelay, Duration jitter, long bandwidthBytesPerSecond,
    String source) {

  /** The name of the realistic default profile, usable in annotations. */
  public static final String DEFAULT_NAME = "us-east-1/us-west-2";

  /** No distance at all: every inter-region path is a plain loopback forwarder (the sandbox before profiles). */
  public static final WanProfile NONE = new WanProfile("none", Duration.ZERO, Duration.ZERO, 0,
      "no emulated distance: measures the machine, not a WAN");

  /**
   * Netflix's pair: 70 ms round trip (recent public inter-region ping matrices give 60-70 ms; a 2017 table 87 ms),
   * with up to 2 ms of jitter each way. The default for people ({@code ./sandbox up}, {@code ./probe}) and for
   * test classes.
   */
  public static final WanProfile US_EAST_1_US_WEST_2 = new WanProfile(DEFAULT_NAME, Duration.ofMillis(35),
      Duration.ofMillis(2), 0, "public inter-region ping matrices: 60-70 ms round trip (87 ms in a 2017 table)");

  /** Virginia to Ireland: 80 ms round trip, up to 3 ms of jitter each way. */
  public static final WanProfile US_EAST_1_EU_WEST_1 = new WanProfile("us-east-1/eu-west-1", Duration.ofMillis(40),
      Duration.ofMillis(3), 0, "published inter-region table: about 80 ms round trip");

  /** Oregon to Ireland, the long pair: 137 ms round trip, up to 5 ms of jitter each way. */
  public static final WanProfile US_WEST_2_EU_WEST_1 = new WanProfile("us-west-2/eu-west-1",
      Duration.ofMillis(68), Duration.ofMillis(5), 0, "published inter-region table: about 137 ms round trip");

  /** The profile used when none is chosen. */
  public static final WanProfile DEFAULT = US_EAST_1_US_WEST_2;

  private static final Map<String, WanProfile> NAMED = named(NONE, US_EAST_1_US_WEST_2, US_EAST_1_EU_WEST_1,
      US_WEST_2_EU_WEST_1);
  private static final Pattern PART = Pattern.compile("(rtt|one-way|jitter|bandwidth)=([0-9]+)(ms|us|s|MB/s|KB/s)");

  /**
   * A profile of one's own; the named ones ({@link #parse}) are usually what a test wants.
   *
   * @throws IllegalArgumentException for a negative delay or jitter, a one-way delay over 10 s (that is a
   *     partition: use {@link SandboxFaults}), or a negative bandwidth (0 means unlimited)
   */
  public WanProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(oneWayDelay, "oneWayDelay");
    Objects.requireNonNull(jitter, "jitter");
    Objects.requireNonNull(source, "source");
    if (oneWayDelay.isNegative() || jitter.isNegative()) {
      throw new IllegalArgumentException("WAN delay and jitter must not be negative: " + oneWayDelay + ", " + jitter);
    }
    if (oneWayDelay.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("A one-way delay over 10 s is not a WAN but a partition; use"
          + " SandboxFaults.partition instead (got " + oneWayDelay + ")");
    }
    if (bandwidthBytesPerSecond < 0) {
      throw new IllegalArgumentException("bandwidthBytesPerSecond must be >= 0 (0 = unlimited), got "
          + bandwidthBytesPerSecond);
    }
  }

  /** Every named profile, in the order docs list them. */
  public static List<WanProfile> named() {
    return List.copyOf(NAMED.values());
  }

  /**
   * A named profile ({@code none}, {@code us-east-1/us-west-2}, ...) or a custom shape given as comma-separated
   * {@code rtt=}, {@code one-way=}, {@code jitter=} and {@code bandwidth=} parts, e.g.
   * {@code rtt=120ms,jitter=5ms,bandwidth=50MB/s}.
   *
   * @throws IllegalArgumentException naming the valid profiles when the text is neither
   */
  public static WanProfile parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.trim();
    WanProfile named = NAMED.get(trimmed.toLowerCase(Locale.ROOT));
    if (named != null) {
      return named;
    }
    if (!trimmed.contains("=")) {
      throw new IllegalArgumentException("Unknown WAN profile '" + text + "'; use one of " + NAMED.keySet()
          + " or a custom shape such as rtt=120ms,jitter=5ms");
    }
    Duration oneWay = Duration.ZERO;
    Duration jitter = Duration.ZERO;
    long bandwidth = 0;
    for (String part : trimmed.split(",")) {
      Matcher m = PART.matcher(part.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("Cannot read '" + part + "' of WAN profile '" + text + "'; parts are"
            + " rtt=<n>ms, one-way=<n>ms, jitter=<n>ms and bandwidth=<n>MB/s");
      }
      long n = Long.parseLong(m.group(2));
      switch (m.group(1)) {
        case "rtt" -> oneWay = duration(n, m.group(3), part).dividedBy(2);
        case "one-way" -> oneWay = duration(n, m.group(3), part);
        case "jitter" -> jitter = duration(n, m.group(3), part);
        default -> bandwidth = switch (m.group(3)) {
          case "MB/s" -> n * 1_000_000;
          case "KB/s" -> n * 1_000;
          default -> throw new IllegalArgumentException("bandwidth takes MB/s or KB/s: '" + part + "'");
        };
      }
    }
    return new WanProfile(trimmed, oneWay, jitter, bandwidth, "custom");
  }

  private static Duration duration(long n, String unit, String part) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "us" -> Duration.ofNanos(n * 1000);
      case "s" -> Duration.ofSeconds(n);
      default -> throw new IllegalArgumentException("a delay takes ms, us or s: '" + part + "'");
    };
  }

  /** A profile of only a one-way delay (no jitter, no bandwidth limit), named after it. */
  public static WanProfile oneWay(Duration delay) {
    return new WanProfile("one-way=" + delay.toMillis() + "ms", delay, Duration.ZERO, 0, "custom");
  }

  /**
   * Text that {@link #parse} turns back into this shape: the name of a named profile, else its parts (for
   * passing a profile to another process).
   */
  public String spec() {
    if (equals(NAMED.get(name))) {
      return name;
    }
    return "one-way=" + oneWayDelay.toNanos() / 1000 + "us,jitter=" + jitter.toNanos() / 1000 + "us"
        + (bandwidthBytesPerSecond > 0 ? ",bandwidth=" + bandwidthBytesPerSecond / 1000 + "KB/s" : "");
  }

  /** The round trip without jitter: twice the one-way delay. */
  public Duration roundTrip() {
    return oneWayDelay.multipliedBy(2);
  }

  /** Whether the paths add any delay, jitter or limit at all. */
  public boolean isNone() {
    return oneWayDelay.isZero() && jitter.isZero() && bandwidthBytesPerSecond == 0;
  }

  /** One line for reports: name, round trip, jitter and bandwidth. */
  public String describe() {
    if (isNone()) {
      return name + " (0 ms between regions)";
    }
    return name + " (round trip " + roundTrip().toMillis() + " ms, jitter up to " + jitter.toMillis()
        + " ms each way" + (bandwidthBytesPerSecond > 0 ? ", " + bandwidthBytesPerSecond / 1_000_000 + " MB/s" : "")
        + ")";
  }

  private static Map<String, WanProfile> named(WanProfile... profiles) {
    Map<String, WanProfile> map = new LinkedHashMap<>();
    for (WanProfile p : profiles) {
      map.put(p.name(), p);
    }
    return map;
  }
}
