package dev.activeactive.examples.cli;

import dev.activeactive.examples.drills.SplitBrainDrill;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.PartitionMode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code split-brain}: cut the queue paths (or Cassandra's inter-datacenter paths, or both) both ways while both regions take writes, heal, check convergence. */
@Command(name = "split-brain", mixinStandardHelpOptions = true,
    description = "Cut the queue paths between the regions both ways while both take writes; after the heal, "
        + "check that no key is stale and no write was lost within the bound.")
final class SplitBrainCommand implements Callable<Integer> {

  private static final SplitBrainDrill.Options DEFAULTS = SplitBrainDrill.Options.defaults();

  @Option(names = "--users", description = "Users; each has a now-playing value (default: 25).")
  int users = DEFAULTS.users();

  @Option(names = "--titles", description = "History entries per user (default: 4).")
  int titles = DEFAULTS.titlesPerUser();

  @Option(names = "--partition", converter = DurationConverter.class,
      description = "How long the paths stay cut while traffic runs (default: 10s).")
  Duration partition = DEFAULTS.partition();

  @Option(names = "--rate", description = "Requests per second in each region (default: 30).")
  double rate = DEFAULTS.opsPerSecondPerRegion();

  @Option(names = "--threads", description = "Concurrent requests in each region (default: 4).")
  int threads = DEFAULTS.threadsPerRegion();

  @Option(names = "--bound", converter = DurationConverter.class,
      description = "How soon after the heal every key must be fresh in both regions (default: 30s).")
  Duration bound = DEFAULTS.convergenceBound();

  @Option(names = "--split", description = "What to cut: ${COMPLETION-CANDIDATES} (default: queues).")
  SplitBrainDrill.Split split = DEFAULTS.split();

  @Option(names = "--mode", description = "How the cut fails: ${COMPLETION-CANDIDATES} (default: reset).")
  PartitionMode mode = DEFAULTS.mode();

  @Option(names = "--keyspace", description = "Cassandra keyspace (default: viewing).")
  String keyspace = TwoRegions.DEFAULT_KEYSPACE;

  @Override
  public Integer call() {
    SplitBrainDrill.Options options = new SplitBrainDrill.Options(users, titles, partition, rate, threads, bound,
        split, mode);
    return DrillRunner.run(keyspace, regions -> SplitBrainDrill.run(regions, options));
  }
}
