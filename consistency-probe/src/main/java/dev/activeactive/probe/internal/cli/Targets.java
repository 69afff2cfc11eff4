package dev.activeactive.probe.internal.cli;

import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeMode;
import dev.activeactive.probe.internal.store.CacheStore;
import dev.activeactive.probe.internal.store.ExperimentStore;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.util.List;
import java.util.Optional;

/** Where a run connects: given on the command line, or the two-region sandbox. */
record Targets(CassandraTarget cassandra, RegionSandbox sandbox) {

  static Targets fromSandbox(ProbeConfig config) {
    RegionSandbox sandbox = RegionSandbox.shared();
    System.out.println("No contact points given: running on the two-region sandbox (starting it if needed; "
        + "'./sandbox up' keeps one running between runs).");
    CassandraTarget cassandra = null;
    if (config.mode() != ProbeMode.CACHE) {
      sandbox.require(SandboxComponent.CASSANDRA);
      var write = sandbox.region(config.writeRegion()).cassandraNode().orElseThrow();
      var read = sandbox.region(config.readRegion()).cassandraNode().orElseThrow();
      cassandra = new CassandraTarget(List.of(write.contactPoint()), List.of(read.contactPoint()),
          Optional.empty(), Optional.empty(), 1);
    }
    if (config.mode() != ProbeMode.CASSANDRA) {
      sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS);
    }
    return new Targets(cassandra, sandbox);
  }

  ExperimentStore cacheStore(ProbeConfig config) {
    if (sandbox == null) {
      throw new IllegalArgumentException("Cache mode runs on the sandbox only for now (it starts its own relay);"
          + " leave out the contact points, or use --mode cassandra against real clusters.");
    }
    return new CacheStore(config, sandbox.region(config.writeRegion()), sandbox.region(config.readRegion()));
  }
}
