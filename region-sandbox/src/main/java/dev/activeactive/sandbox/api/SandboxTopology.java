package dev.activeactive.sandbox.api;

import java.util.List;

/** The regions of a sandbox, in the order they were configured; the first is the conventional writer. */
public record SandboxTopology(List<RegionEndpoints> regions) {
  /** Copies the region list, so the topology does not change when the caller's list does. */
  public SandboxTopology {
    regions = List.copyOf(regions);
  }

  /** The region with this name. */
  public RegionEndpoints region(String name) {
    return regions.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "No region '" + name + "' in the sandbox; its regions are " + regionNames()));
  }

  /** The region names in configuration order, the first being the conventional writer; what {@link #region} takes. */
  public List<String> regionNames() {
    return regions.stream().map(RegionEndpoints::name).toList();
  }
}
