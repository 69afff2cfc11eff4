package dev.activeactive.examples.drills;

import dev.activeactive.examples.sandbox.QueueAdmin;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every drill IT starts from: the sample service running in both regions of the sandbox (memcached, SQS and
 * Cassandra), with empty queues, for the whole class.
 */
@RegionSandboxTest(components = {SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA})
abstract class TwoRegionDrillBase {

  /** The two regions the drill runs against. */
  static TwoRegions regions;

  @BeforeAll
  static void startRegions(RegionSandbox sandbox) {
    QueueAdmin.purgeAll(sandbox);
    regions = TwoRegions.start(sandbox, 0, TwoRegions.DEFAULT_KEYSPACE);
  }

  @AfterAll
  static void stopRegions() {
    if (regions != null) {
      regions.close();
      regions = null;
    }
  }
}
