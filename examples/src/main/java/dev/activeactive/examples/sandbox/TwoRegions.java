package dev.activeactive.examples.sandbox;

import dev.activeactive.examples.region.RegionService;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample service running in both regions of a sandbox, one {@link RegionService} per region, in this process.
 * The first region is started alone first, so that only one instance creates the schema.
 */
public final class TwoRegions implements AutoCloseable {

  /** The keyspace the sample uses unless told otherwise. */
  public static final String DEFAULT_KEYSPACE = "viewing";

  private final RegionSandbox sandbox;
  private final List<RegionService> services;

  private TwoRegions(RegionSandbox sandbox, List<RegionService> services) {
    this.sandbox = sandbox;
    this.services = services;
  }

  /**
   * Starts what the service needs on the sandbox (memcached, SQS, Cassandra), then one instance per region.
   *
   * @param firstPort the first region's HTTP port; region {@code i} gets {@code firstPort + i} (0: free ports)
   */
  public static TwoRegions start(RegionSandbox sandbox, int firstPort, String keyspace) {
    sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA);
    List<String> regions = sandbox.regionNames();
    if (regions.size() != 2) {
      throw new IllegalArgumentException("the sample runs in two regions; the sandbox has " + regions);
    }
    List<RegionService> services = new ArrayList<>();
    try {
      for (int i = 0; i < regions.size(); i++) {
        int port = firstPort == 0 ? 0 : firstPort + i;
        services.add(RegionService.start(SandboxRegions.settings(sandbox, regions.get(i), port, keyspace)));
      }
    } catch (RuntimeException e) {
      services.forEach(RegionService::close);
      throw e;
    }
    return new TwoRegions(sandbox, List.copyOf(services));
  }

  /** The sandbox the regions run on. */
  public RegionSandbox sandbox() {
    return sandbox;
  }

  /** The first region's instance ({@code us-east-1} by default). */
  public RegionService east() {
    return services.get(0);
  }

  /** The second region's instance ({@code us-west-2} by default). */
  public RegionService west() {
    return services.get(1);
  }

  /** Both instances, first region first. */
  public List<RegionService> all() {
    return services;
  }

  /** The instance of the other region. */
  public RegionService other(RegionService service) {
    return service == east() ? west() : east();
  }

  @Override
  public void close() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
  }
}
