package dev.activeactive.sandbox.api;

import dev.activeactive.sandbox.internal.SharedSandbox;
import java.util.List;

/**
 * Real servers for several regions on one machine: per region, a memcached per zone, an SQS-compatible queue
 * server and a Cassandra datacenter. Tests get one through {@link RegionSandboxExtension}; people run one with
 * {@code ./sandbox up}.
 *
 * <pre>{@code
 * try (RegionSandbox sandbox = RegionSandbox.builder().build()) {
 *   sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS);
 *   RegionEndpoints east = sandbox.topology().region("us-east-1");
 * }
 * }</pre>
 *
 * <p>Closing a sandbox stops every server it started. A sandbox obtained from {@link #shared()} belongs to the
 * JVM (or to a running {@code ./sandbox up}) and closing it does nothing.
 */
public interface RegionSandbox extends AutoCloseable {

  /** A builder for a sandbox that this JVM owns. */
  static RegionSandboxBuilder builder() {
    return new RegionSandboxBuilder();
  }

  /**
   * The sandbox shared by the whole JVM: the one a running {@code ./sandbox up} serves when there is one,
   * otherwise one started here with the default configuration and stopped at JVM exit.
   */
  static RegionSandbox shared() {
    return SharedSandbox.get();
  }

  /**
   * The sandbox a running {@code ./sandbox up} serves, found through its {@code .sandbox/endpoints.properties} (in
   * the working directory or a parent, or at the system property {@code activeactive.sandbox.file} or the
   * environment variable {@code ACTIVEACTIVE_SANDBOX_FILE}); empty when none runs. Nothing is started. Closing it
   * does nothing: {@code ./sandbox down} stops it. With {@link SandboxEnvironment#of} it gives a program a
   * region's endpoints without reading the file.
   */
  static java.util.Optional<RegionSandbox> running() {
    return SharedSandbox.running().map(r -> r);
  }

  /**
   * Starts the given components where they do not run yet, and waits until they serve. Cheap when they
   * already run.
   *
   * @throws SandboxException when a prerequisite is missing or a server does not come up in time
   */
  void require(SandboxComponent... components);

  /** The endpoints of every region, with what runs now. */
  SandboxTopology topology();

  /** Shorthand for {@code topology().region(name)}. */
  default RegionEndpoints region(String name) {
    return topology().region(name);
  }

  /** The configured region names, first region first. */
  default List<String> regionNames() {
    return topology().regionNames();
  }

  /** Handles to partition paths, add latency, and stop, start, pause and resume servers. */
  SandboxFaults faults();

  /** Every server and its state. */
  List<ServerStatus> status();

  /** Stops every server this sandbox started. */
  @Override
  void close();
}
