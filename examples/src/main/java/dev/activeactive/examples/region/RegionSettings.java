package dev.activeactive.examples.region;

import dev.activeactive.evcache.api.RemoteRegion;
import dev.activeactive.evcache.api.ZoneConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Everything one region's instance of the service talks to, all of it in its own region except the other regions'
 * replication queues, which only the cache client's publisher uses, in the background. Immutable; build with
 * {@link #builder(String)}.
 *
 * @param region the region's name; also the name of its Cassandra datacenter
 * @param regionNumber the region's digit for write timestamps, 0-9, distinct per region (see
 *     {@link dev.activeactive.examples.history.RegionClock})
 * @param zones the region's memcached zones
 * @param localZone the zone this instance runs in (reads go there first)
 * @param queueUrl this region's replication queue, drained by the embedded relay
 * @param queueEndpoint an SQS endpoint override for this region's queue; empty for AWS's own
 * @param awsRegion the AWS region to sign this region's SQS requests for
 * @param remoteRegions the other regions' queues, published to by the cache client
 * @param cassandraContactPoint a node of this region's datacenter
 * @param keyspace the service's keyspace
 * @param httpAddress where the HTTP API listens (port 0 picks a free one)
 * @param credentials AWS credentials; empty for the SDK's default chain
 * @param spoolDirectory where the publisher spools what it cannot send yet; empty keeps it in memory only
 */
public record RegionSettings(
    String region,
    int regionNumber,
    List<ZoneConfig> zones,
    String localZone,
    String queueUrl,
    Optional<URI> queueEndpoint,
    String awsRegion,
    List<RemoteRegion> remoteRegions,
    InetSocketAddress cassandraContactPoint,
    String keyspace,
    InetSocketAddress httpAddress,
    Optional<AwsCredentialsProvider> credentials,
    Optional<Path> spoolDirectory) {

  /** Validates and copies. */
  public RegionSettings {
    Objects.requireNonNull(region, "region");
    zones = List.copyOf(zones);
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("region " + region + " needs at least one memcached zone");
    }
    Objects.requireNonNull(localZone, "localZone");
    Objects.requireNonNull(queueUrl, "queueUrl");
    Objects.requireNonNull(queueEndpoint, "queueEndpoint");
    Objects.requireNonNull(awsRegion, "awsRegion");
    remoteRegions = List.copyOf(remoteRegions);
    Objects.requireNonNull(cassandraContactPoint, "cassandraContactPoint");
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(httpAddress, "httpAddress");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(spoolDirectory, "spoolDirectory");
  }

  /** Starts settings for {@code region}. */
  public static Builder builder(String region) {
    return new Builder(region);
  }

  /** Every region of the deployment, this one first: the datacenters the keyspace replicates to. */
  public List<String> allRegions() {
    List<String> all = new ArrayList<>();
    all.add(region);
    remoteRegions.forEach(r -> all.add(r.name()));
    return all;
  }

  /** Builds {@link RegionSettings}. Not thread-safe. */
  public static final class Builder {
    private final String region;
    private int regionNumber;
    private final List<ZoneConfig> zones = new ArrayList<>();
    private String localZone;
    private String queueUrl;
    private URI queueEndpoint;
    private String awsRegion;
    private final List<RemoteRegion> remoteRegions = new ArrayList<>();
    private InetSocketAddress cassandraContactPoint;
    private String keyspace = "viewing";
    private InetSocketAddress httpAddress = new InetSocketAddress("127.0.0.1", 0);
    private AwsCredentialsProvider credentials;
    private Path spoolDirectory;

    private Builder(String region) {
      this.region = Objects.requireNonNull(region, "region");
    }

    /** The region's timestamp digit (required when there are several regions; default 0). */
    public Builder regionNumber(int number) {
      this.regionNumber = number;
      return this;
    }

    /** Adds a memcached zone; the first one added is the local zone unless {@link #localZone} says otherwise. */
    public Builder zone(String name, String... servers) {
      zones.add(ZoneConfig.of(name, servers));
      return this;
    }

    /** The zone this instance runs in. */
    public Builder localZone(String zone) {
      this.localZone = zone;
      return this;
    }

    /** This region's replication queue and, optionally, its SQS endpoint and signing region. */
    public Builder queue(String url, URI endpoint, String awsRegion) {
      this.queueUrl = url;
      this.queueEndpoint = endpoint;
      this.awsRegion = awsRegion;
      return this;
    }

    /** Adds another region to publish to. */
    public Builder remoteRegion(RemoteRegion remote) {
      remoteRegions.add(Objects.requireNonNull(remote, "remote"));
      return this;
    }

    /** A Cassandra node of this region's datacenter. */
    public Builder cassandra(InetSocketAddress contactPoint) {
      this.cassandraContactPoint = contactPoint;
      return this;
    }

    /** The keyspace; default {@code viewing}. */
    public Builder keyspace(String keyspace) {
      this.keyspace = keyspace;
      return this;
    }

    /** Where the HTTP API listens; default 127.0.0.1 on a free port. */
    public Builder http(InetSocketAddress address) {
      this.httpAddress = address;
      return this;
    }

    /** AWS credentials; default the SDK's default chain. */
    public Builder credentials(AwsCredentialsProvider provider) {
      this.credentials = provider;
      return this;
    }

    /** The publisher's spool directory; default none. */
    public Builder spoolDirectory(Path directory) {
      this.spoolDirectory = directory;
      return this;
    }

    /** The settings. */
    public RegionSettings build() {
      String local = localZone != null ? localZone : zones.isEmpty() ? null : zones.get(0).name();
      return new RegionSettings(region, regionNumber, zones, local, queueUrl, Optional.ofNullable(queueEndpoint),
          awsRegion == null ? region : awsRegion, remoteRegions, cassandraContactPoint, keyspace, httpAddress,
          Optional.ofNullable(credentials), Optional.ofNullable(spoolDirectory));
    }
  }
}
