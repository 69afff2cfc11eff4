package dev.activeactive.probe.internal.cli;

import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.internal.store.ExperimentStore;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.util.List;
import java.util.Optional;

/** Where a run connects: given on the command line, or the two-region sandbox. */
record Targets(CassandraTarget cassandra) {

  static Targets fromSandbox(ProbeConfig config) {
    RegionSandbox sandbox = RegionSandbox.shared();
    System.out.println("No contact points given: running on the two-region sandbox (starting it if needed; "
        + "'./sandbox up' keeps one running between runs).");
    sandbox.require(SandboxComponent.CASSANDRA);
    var write = sandbox.region(config.writeRegion()).cassandraNode().orElseThrow();
    var read = sandbox.region(config.readRegion()).cassandraNode().orElseThrow();
    return new Targets(new CassandraTarget(List.of(write.contactPoint()), List.of(read.contactPoint()),
        Optional.empty(), Optional.empty(), 1));
  }

  ExperimentStore cacheStore(ProbeConfig config) {
    throw new UnsupportedOperationException("Cache mode needs evcache-client's publisher and an invalidation "
        + "relay, which this build of the probe does not wire yet; run --mode cassandra.");
  }
}
