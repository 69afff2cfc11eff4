package dev.activeactive.examples.cli;

import dev.activeactive.examples.drills.EvacuationDrill;
import dev.activeactive.examples.sandbox.TwoRegions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evacuation}: Chaos Kong on the first region, then fail back and check its cache. */
@Command(name = "evacuation", mixinStandardHelpOptions = true,
    description = "Evacuate the first region (its memcached zones and relay stop, traffic moves to the second), "
        + "bring it back empty, let its relay drain the backlog, check that its cache holds no stale key, and "
        + "fail back.")
final class EvacuationCommand implements Callable<Integer> {

  private static final EvacuationDrill.Options DEFAULTS = EvacuationDrill.Options.defaults();

  @Option(names = "--users", description = "Users; each has a now-playing value (default: 25).")
  int users = DEFAULTS.users();

  @Option(names = "--titles", description = "History entries per user (default: 4).")
  int titles = DEFAULTS.titlesPerUser();

  @Option(names = "--evacuation", converter = DurationConverter.class,
      description = "How long the region stays out while the other takes the traffic (default: 10s).")
  Duration evacuation = DEFAULTS.evacuation();

  @Option(names = "--fail-back", converter = DurationConverter.class,
      description = "How long traffic runs in the region again once it is back (default: 5s).")
  Duration failBack = DEFAULTS.failBack();

  @Option(names = "--rate", description = "Requests per second (default: 30).")
  double rate = DEFAULTS.opsPerSecond();

  @Option(names = "--threads", description = "Concurrent requests (default: 4).")
  int threads = DEFAULTS.threads();

  @Option(names = "--bound", converter = DurationConverter.class,
      description = "How long the region may take to serve again, to drain and to be free of stale keys "
          + "(default: 60s).")
  Duration bound = DEFAULTS.bound();

  @Option(names = "--keyspace", description = "Cassandra keyspace (default: viewing).")
  String keyspace = TwoRegions.DEFAULT_KEYSPACE;

  @Override
  public Integer call() {
    EvacuationDrill.Options options = new EvacuationDrill.Options(users, titles, DEFAULTS.before(), evacuation,
        failBack, rate, threads, bound);
    return DrillRunner.run(keyspace, regions -> EvacuationDrill.run(regions, options));
  }
}
