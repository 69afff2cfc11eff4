package dev.activeactive.relay.service.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import dev.activeactive.relay.api.RejectedMessages;
import dev.activeactive.relay.api.RelayConfig;
import dev.activeactive.relay.api.ZoneConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The relay service's settings, read from a Typesafe Config file layered over {@code reference.conf} (which
 * documents every key) and the environment variables it names.
 *
 * @param relay the relay's own configuration
 * @param httpHost where /health and /metrics listen
 * @param httpPort their port; 0 picks a free one
 * @param credentials AWS credentials
 * @param statusPeers the other regions' relays (HTTP base URLs) whose figures the status page shows too
 * @param statusRefresh how often the status page refreshes and samples its chart
 * @param statusHistory how much history the status page's chart shows
 */
public record RelaySettings(RelayConfig relay, String httpHost, int httpPort, AwsCredentialsProvider credentials,
    List<URI> statusPeers, java.time.Duration statusRefresh, java.time.Duration statusHistory) {

  public RelaySettings {
    statusPeers = List.copyOf(statusPeers);
    if (statusRefresh.toMillis() < 100) {
      throw new IllegalArgumentException("relay.status.refresh must be at least 100 ms, got " + statusRefresh);
    }
    if (statusHistory.compareTo(statusRefresh) < 0) {
      throw new IllegalArgumentException("relay.status.history (" + statusHistory
          + ") must be at least relay.status.refresh (" + statusRefresh + ")");
    }
  }

  /** Loads {@code file} (when given) over the defaults; fails with a message naming the bad key. */
  public static RelaySettings load(Optional<Path> file) {
    Config config;
    try {
      Config base = ConfigFactory.defaultReference();
      if (file.isPresent()) {
        if (!Files.isRegularFile(file.get())) {
          throw new IllegalArgumentException("Config file " + file.get() + " does not exist");
        }
        config = ConfigFactory.parseFile(file.get().toFile()).withFallback(base).resolve();
      } else {
        config = base.resolve();
      }
      return from(config.getConfig("relay"));
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Bad relay configuration: " + e.getMessage(), e);
    }
  }

  static RelaySettings from(Config c) {
    rejectUnknownKeys(c);
    String region = c.getString("region");
    String awsRegion = c.getString("aws-region");
    String endpoint = c.getString("sqs-endpoint");
    RelayConfig relay = new RelayConfig(
        region,
        c.getString("queue"),
        endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint)),
        awsRegion.isBlank() ? region : awsRegion,
        zones(c),
        c.getInt("pollers"),
        c.getDuration("receive-wait"),
        c.getDuration("visibility-timeout"),
        secrets(c),
        c.getDuration("memcached-timeout"),
        c.getDuration("shutdown-grace"),
        c.getDuration("max-clock-skew"),
        rejectedMessages(c.getString("rejected-messages")),
        c.getDuration("backlog-interval"));
    String keyId = c.getString("aws.access-key-id");
    AwsCredentialsProvider credentials = keyId.isBlank()
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, c.getString("aws.secret-access-key")));
    return new RelaySettings(relay, c.getString("http.host"), c.getInt("http.port"), credentials, peers(c),
        c.getDuration("status.refresh"), c.getDuration("status.history"));
  }

  private static List<URI> peers(Config c) {
    List<String> urls = new ArrayList<>(c.getStringList("status.peers"));
    String fromEnv = c.getString("status.peers-env");
    if (!fromEnv.isBlank()) {
      urls = List.of(fromEnv.split(","));
    }
    List<URI> peers = new ArrayList<>();
    for (String url : urls) {
      URI uri;
      try {
        uri = URI.create(url.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("relay.status.peers: '" + url + "' is not a URL", e);
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("relay.status.peers: '" + url + "' is not an http(s) URL such as "
            + "http://relay.us-east-1.internal:8080");
      }
      peers.add(uri);
    }
    return peers;
  }

  private static List<ZoneConfig> zones(Config c) {
    String fromEnv = c.getString("zones-env");
    List<ZoneConfig> zones = new ArrayList<>();
    if (!fromEnv.isBlank()) {
      for (String zone : fromEnv.split(";")) {
        String[] nameAndServers = zone.split("=", 2);
        if (nameAndServers.length != 2) {
          throw new IllegalArgumentException("RELAY_ZONES entry '" + zone + "' is not zone=host:port[,host:port]");
        }
        zones.add(new ZoneConfig(nameAndServers[0].trim(), List.of(nameAndServers[1].trim().split(","))));
      }
      return zones;
    }
    for (Config zone : c.getConfigList("zones")) {
      zones.add(new ZoneConfig(zone.getString("name"), zone.getStringList("servers")));
    }
    return zones;
  }

  private static List<byte[]> secrets(Config c) {
    List<String> encoded = new ArrayList<>(c.getStringList("signing-secrets"));
    String fromEnv = c.getString("signing-secret-env");
    if (!fromEnv.isBlank()) {
      encoded.add(fromEnv);
    }
    List<byte[]> secrets = new ArrayList<>();
    for (String text : encoded) {
      try {
        secrets.add(Base64.getDecoder().decode(text.trim()));
      } catch (IllegalArgumentException e) {
        // never echo the secret itself
        throw new IllegalArgumentException("A signing secret is not valid Base64", e);
      }
    }
    return secrets;
  }

  private static RejectedMessages rejectedMessages(String text) {
    for (RejectedMessages mode : RejectedMessages.values()) {
      if (mode.name().replace('_', '-').toLowerCase(Locale.ROOT).equals(text.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException("relay.rejected-messages = '" + text
        + "' is not one of dead-letter-queue, back-off");
  }

  /**
   * Fails on a key that {@code reference.conf} does not define (a typo would otherwise leave the default it meant
   * to change in force, silently), naming the nearest valid key. Keys under {@code zones} are lists, checked when
   * they are read.
   */
  private static void rejectUnknownKeys(Config c) {
    Set<String> known = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : ConfigFactory.defaultReference().getConfig("relay").entrySet()) {
      known.add(e.getKey());
    }
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      String key = e.getKey();
      if (!known.contains(key)) {
        String nearest = known.stream().min(Comparator.comparingInt(k -> editDistance(k, key))).orElse("");
        String hint = key.contains("dataset") || key.contains("tombstone") || key.contains("plain")
            ? " Dataset rules are no longer relay settings: each message carries them as its client is configured."
            : " Did you mean relay." + nearest + "?";
        throw new IllegalArgumentException("Unknown relay setting relay." + key + " (from "
            + e.getValue().origin().description() + ")." + hint
            + " reference.conf lists every setting.");
      }
    }
  }

  /** Levenshtein distance, for the nearest-key hint. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
