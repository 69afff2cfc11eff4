package dev.activeactive.examples.cli;

import dev.activeactive.examples.drills.DrillReport;
import dev.activeactive.examples.sandbox.QueueAdmin;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.RegionSandbox;
import java.util.function.Function;

/**
 * What every drill command does around its drill: starts the sandbox and both regions (free HTTP ports), empties
 * the replication queues so that nothing from an earlier run interferes, runs the drill, prints its report, and
 * heals whatever fault is left.
 */
final class DrillRunner {

  private DrillRunner() {}

  /** @return the exit code: 0 when every check passed, 1 otherwise */
  static int run(String keyspace, Function<TwoRegions, DrillReport> drill) {
    System.out.println("Starting the sandbox and both regions (about a minute the first time)...");
    RegionSandbox sandbox = RegionSandbox.shared();
    try (TwoRegions regions = TwoRegions.start(sandbox, 0, keyspace)) {
      QueueAdmin.purgeAll(sandbox);
      DrillReport report;
      try {
        report = drill.apply(regions);
      } finally {
        sandbox.faults().healAll();
      }
      System.out.print(report.render());
      return report.passed() ? 0 : 1;
    }
  }
}
