package dev.activeactive.sandbox.internal.containers;

import dev.activeactive.sandbox.internal.net.PortAllocator;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks the host ports the sandbox's containers publish on. They are chosen before a container starts and
 * kept for its life, so that a restarted server is where clients left it. A port is never handed out twice,
 * since the operating system may offer the same free port again before Docker binds it.
 */
final class HostPorts {
  private final Set<Integer> handedOut = new HashSet<>();

  synchronized int next() {
    for (int attempt = 0; attempt < 20; attempt++) {
      // all interfaces, because Docker publishes on 0.0.0.0 by default
      int port = PortAllocator.freePort("0.0.0.0");
      if (handedOut.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no new free port after 20 attempts");
  }
}
