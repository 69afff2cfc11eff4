package dev.activeactive.dualwrite.internal.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.activeactive.dualwrite.api.SafeSession;
import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** How the CLI reaches the source and the destination; the destination defaults to the source's cluster. */
final class ConnectionOptions {
  @Option(names = "--source-contact-point", required = true, paramLabel = "HOST:PORT",
      description = "A node of the source cluster, for example 10.0.0.1:9042.")
  String sourceContactPoint;

  @Option(names = "--source-dc", required = true, paramLabel = "DC",
      description = "The source's local datacenter; requests go to its nodes only.")
  String sourceDatacenter;

  @Option(names = "--source-keyspace", required = true, paramLabel = "KEYSPACE",
      description = "The keyspace rows are read from (for verify: one of the two sides).")
  String sourceKeyspace;

  @Option(names = "--destination-contact-point", paramLabel = "HOST:PORT",
      description = "A node of the destination cluster; by default the source's session is used (two keyspaces "
          + "of one cluster).")
  String destinationContactPoint;

  @Option(names = "--destination-dc", paramLabel = "DC",
      description = "The destination's local datacenter; by default the source's.")
  String destinationDatacenter;

  @Option(names = "--destination-keyspace", required = true, paramLabel = "KEYSPACE",
      description = "The keyspace rows are written to (for verify: the other side).")
  String destinationKeyspace;

  boolean separateDestination() {
    return destinationContactPoint != null;
  }

  CqlSession sourceSession() {
    return connect(sourceContactPoint, sourceDatacenter);
  }

  CqlSession destinationSession() {
    return connect(destinationContactPoint, destinationDatacenter != null ? destinationDatacenter : sourceDatacenter);
  }

  private static CqlSession connect(String hostAndPort, String datacenter) {
    return SafeSession.builder().addContactPoint(parse(hostAndPort)).localDatacenter(datacenter).build();
  }

  static InetSocketAddress parse(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    if (colon < 0) {
      return new InetSocketAddress(hostAndPort, 9042);
    }
    if (colon == 0 || colon == hostAndPort.length() - 1) {
      throw new IllegalArgumentException("'" + hostAndPort + "' is not HOST:PORT");
    }
    try {
      return new InetSocketAddress(hostAndPort.substring(0, colon),
          Integer.parseInt(hostAndPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + hostAndPort + "' is not HOST:PORT");
    }
  }
}
