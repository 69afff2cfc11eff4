package dev.activeactive.sandbox.internal.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.sandbox.api.CassandraEndpoint;
import dev.activeactive.sandbox.api.QueueEndpoints;
import dev.activeactive.sandbox.api.RegionEndpoints;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.SandboxTopology;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.api.ZoneEndpoint;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TopologyCodecTest {

  private static RegionEndpoints region(String name, String address, boolean withCassandra) {
    return new RegionEndpoints(name, address,
        List.of(new ZoneEndpoint(name + "a", new InetSocketAddress(address, 40001)),
            new ZoneEndpoint(name + "b", new InetSocketAddress(address, 40002))),
        new QueueEndpoints(URI.create("http://" + address + ":9324"), name, "q",
            "http://" + address + ":9324/000000000000/q", "q-dlq", "http://" + address + ":9324/000000000000/q-dlq", 5, 30),
        withCassandra ? new CassandraEndpoint(new InetSocketAddress(address, 9042), name) : null,
        Map.of("other", URI.create("http://" + address + ":5555")));
  }

  @Test
  void roundTripsEveryField() {
    SandboxTopology topology = new SandboxTopology(List.of(
        region("us-east-1", "127.0.0.1", true), region("us-west-2", "127.0.0.2", false)));
    SandboxTopology decoded = TopologyCodec.decode(TopologyCodec.encode(topology));
    assertThat(decoded).isEqualTo(topology);
    assertThat(decoded.regionNames()).containsExactly("us-east-1", "us-west-2");
  }

  @Test
  void aMissingKeyIsAClearError() {
    Properties p = TopologyCodec.encode(new SandboxTopology(List.of(region("us-east-1", "127.0.0.1", false))));
    p.remove("region.us-east-1.sqs.queueUrl");
    assertThatThrownBy(() -> TopologyCodec.decode(p))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("region.us-east-1.sqs.queueUrl")
        .hasMessageContaining("./sandbox up");
  }

  @Test
  void statusRoundTrips() {
    List<ServerStatus> status = List.of(new ServerStatus("r", "memcached", "memcached ra", "127.0.0.1:1", "up"),
        new ServerStatus("r", "cassandra", "cassandra r", "127.0.0.1", "not started"));
    assertThat(TopologyCodec.decodeStatus(TopologyCodec.encodeStatus(status))).isEqualTo(status);
  }
}
