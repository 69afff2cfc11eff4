package dev.activeactive.probe.internal.cli;

import dev.activeactive.probe.api.CacheAsideResult;
import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.internal.scenario.CacheAsideScenario;
import java.time.Duration;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeMode;
import dev.activeactive.probe.internal.store.CacheStore;
import dev.activeactive.probe.internal.store.ExperimentStore;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.WanProfile;
import java.util.List;
import java.util.Optional;

/** Where a run connects: given on the command line, or the two-region sandbox. */
record Targets(CassandraTarget cassandra, RegionSandbox sandbox) {

  /** The sandbox, its WAN set to {@code wan} (the default run's realistic profile, or what --wan chose). */
  static Targets fromSandbox(ProbeConfig config, WanProfile wan) {
    RegionSandbox sandbox = RegionSandbox.shared();
    System.out.println("No contact points given: running on the two-region sandbox (starting it if needed; "
        + "'./sandbox up' keeps one running between runs).");
    WanProfile before = sandbox.faults().wan();
    if (!before.equals(wan)) {
      sandbox.faults().setWan(wan);
      System.out.println("The sandbox's WAN was " + before.describe() + "; this run sets it to the profile asked for.");
    }
    System.out.println("WAN between the regions: " + wan.describe()
        + (wan.isNone() ? "" : "; --wan none measures this machine alone"));
    CassandraTarget cassandra = null;
    if (config.mode() != ProbeMode.CACHE) {
      sandbox.require(SandboxComponent.CASSANDRA);
      var write = sandbox.region(config.writeRegion()).cassandraNode().orElseThrow();
      var read = sandbox.region(config.readRegion()).cassandraNode().orElseThrow();
      cassandra = new CassandraTarget(List.of(write.contactPoint()), List.of(read.contactPoint()),
          Optional.empty(), Optional.empty(), 1);
    }
    if (config.mode() != ProbeMode.CASSANDRA) {
      // the cache-aside scenario needs Cassandra in both regions as well
      sandbox.require(SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA);
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

  CacheAsideResult cacheAside(ProbeConfig config, int keys, Duration horizon) throws Exception {
    if (sandbox == null) {
      throw new IllegalArgumentException("The cache-aside scenario runs on the sandbox only; use --cache-aside-keys 0");
    }
    return new CacheAsideScenario(sandbox.region(config.writeRegion()), sandbox.region(config.readRegion()),
        config.keyspace(), keys, 3, horizon).run();
  }
}
