package dev.activeactive.probe.api;

import dev.activeactive.probe.internal.run.ExperimentRunner;
import dev.activeactive.probe.internal.run.ProgressListener;
import dev.activeactive.probe.internal.store.CassandraStore;
import dev.activeactive.probe.internal.store.ExperimentStore;

/**
 * Netflix's cross-region visibility experiment as code: write records in one region, read each in the other
 * region after a delay, count what was not there, and measure the whole visibility curve. The command line
 * ({@code ./probe}) is the usual way to run it; this class is for running it from tests or other tools.
 */
public final class ConsistencyProbe {
  private ConsistencyProbe() {}

  /** Runs the Cassandra experiment against {@code target}. */
  public static ProbeResult runCassandra(ProbeConfig config, CassandraTarget target) throws Exception {
    return run(new CassandraStore(config, target), config, ProgressListener.NONE);
  }

  static ProbeResult run(ExperimentStore store, ProbeConfig config, ProgressListener progress) throws Exception {
    try (store) {
      return new ExperimentRunner(store, config, progress).run();
    }
  }
}
