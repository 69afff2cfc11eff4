package dev.activeactive.examples.cli;

import dev.activeactive.examples.drills.LatencyDrill;
import dev.activeactive.examples.sandbox.TwoRegions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latency}: Latency Monkey on the first region's queue path and one of its memcached zones. */
@Command(name = "latency", mixinStandardHelpOptions = true,
    description = "Run traffic in the first region without faults, then with its queue path to the second region "
        + "slowed (and cut for a few seconds) and its local memcached zone stopped; report what degraded and by "
        + "how much.")
final class LatencyCommand implements Callable<Integer> {

  private static final LatencyDrill.Options DEFAULTS = LatencyDrill.Options.defaults();

  @Option(names = "--users", description = "Users; each has a now-playing value (default: 20).")
  int users = DEFAULTS.users();

  @Option(names = "--titles", description = "History entries per user (default: 4).")
  int titles = DEFAULTS.titlesPerUser();

  @Option(names = "--phase", converter = DurationConverter.class,
      description = "Length of each phase, before and during the faults (default: 10s).")
  Duration phase = DEFAULTS.phase();

  @Option(names = "--queue-latency", converter = DurationConverter.class,
      description = "One-way delay of the queue path during the drill, in place of the WAN profile's (default: 1s).")
  Duration queueLatency = DEFAULTS.queueLatency();

  @Option(names = "--cut", converter = DurationConverter.class,
      description = "How long the queue path is cut in the middle of the faulty phase (default: 3s).")
  Duration cut = DEFAULTS.cut();

  @Option(names = "--rate", description = "Requests per second (default: 30).")
  double rate = DEFAULTS.opsPerSecond();

  @Option(names = "--threads", description = "Concurrent requests (default: 4).")
  int threads = DEFAULTS.threads();

  @Option(names = "--bound", converter = DurationConverter.class,
      description = "How soon after the faults every key must be fresh in both regions (default: 30s).")
  Duration bound = DEFAULTS.bound();

  @Option(names = "--keyspace", description = "Cassandra keyspace (default: viewing).")
  String keyspace = TwoRegions.DEFAULT_KEYSPACE;

  @Override
  public Integer call() {
    LatencyDrill.Options options = new LatencyDrill.Options(users, titles, phase, queueLatency, cut, rate, threads,
        bound);
    return DrillRunner.run(keyspace, regions -> LatencyDrill.run(regions, options));
  }
}
