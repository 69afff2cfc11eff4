package dev.activeactive.sandbox.internal.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.activeactive.sandbox.api.SandboxException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePortAllocatorTest {

  @Test
  void storagePortIsSharedAndEveryOtherPortDistinct() {
    Map<String, NodePorts> ports = NodePortAllocator.allocate(List.of("127.0.0.1", "127.0.0.2"));
    NodePorts east = ports.get("127.0.0.1");
    NodePorts west = ports.get("127.0.0.2");
    assertEquals(east.storage(), west.storage());
    assertNotEquals(east.jmx(), west.jmx());
    assertTrue(List.of(east.storage(), east.nativeTransport(), east.jmx()).stream().distinct().count() == 3);
    assertTrue(east.storage() < 32768, "ports come from below the usual ephemeral range");
  }

  @Test
  void aTakenPortFailsFastNamingIt() throws Exception {
    NodePorts ports = NodePortAllocator.allocate(List.of("127.0.0.1")).get("127.0.0.1");
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), ports.nativeTransport()));
      SandboxException e = assertThrows(SandboxException.class,
          () -> NodePortAllocator.requireFree("cassandra-us-east-1", "127.0.0.1", ports));
      assertTrue(e.getMessage().contains("native (CQL) port 127.0.0.1:" + ports.nativeTransport()), e.getMessage());
    }
    NodePortAllocator.requireFree("cassandra-us-east-1", "127.0.0.1", ports);
  }

  @Test
  void tokensAreDistinctAndAvoidTheReservedMinimum() {
    assertEquals("-4611686018427387904", NodeSetup.evenToken(0, 2));
    assertEquals("4611686018427387904", NodeSetup.evenToken(1, 2));
    assertNotEquals(String.valueOf(Long.MIN_VALUE), NodeSetup.evenToken(0, 3));
  }
}
