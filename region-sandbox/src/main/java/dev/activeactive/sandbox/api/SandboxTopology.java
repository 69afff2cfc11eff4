package dev.activeactive.sandbox.api;

import java.util.List;

/** The regions of a sandbox, in the order they were configured; the first is the conventional writer. */
public record SandboxTopology(List<RegionEndpoints> regions) {
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

  public List<String> regionNames() {
    return regions.stream().map(RegionEndpoints::name).toList();
  }
}
