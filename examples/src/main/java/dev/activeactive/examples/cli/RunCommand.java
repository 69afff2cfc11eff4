package dev.activeactive.examples.cli;

import dev.activeactive.examples.region.RegionService;
import dev.activeactive.examples.region.RelayView;
import dev.activeactive.examples.sandbox.TwoRegions;
import dev.activeactive.sandbox.api.RegionSandbox;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the sample service in both regions and prints the relays' counts until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start the viewing-history service in both sandbox regions; print each relay's counts until "
        + "Ctrl-C.")
final class RunCommand implements Callable<Integer> {

  @Option(names = "--first-port", defaultValue = "8701",
      description = "HTTP port of the first region; the second gets the next one (default: ${DEFAULT-VALUE}).")
  int firstPort;

  @Option(names = "--keyspace", defaultValue = TwoRegions.DEFAULT_KEYSPACE,
      description = "Cassandra keyspace (default: ${DEFAULT-VALUE}).")
  String keyspace;

  @Option(names = "--stats-every", defaultValue = "10s", converter = DurationConverter.class,
      description = "How often to print the relays' counts (default: ${DEFAULT-VALUE}).")
  Duration statsEvery;

  @Override
  public Integer call() throws InterruptedException {
    PrintStream out = System.out;
    out.println("Starting the sandbox (memcached, SQS, Cassandra: about a minute the first time)...");
    TwoRegions regions = TwoRegions.start(RegionSandbox.shared(), firstPort, keyspace);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      out.println("Stopping both regions (the publishers deliver what they still hold)...");
      regions.close();
      stopped.countDown();
    }, "examples-shutdown"));
    for (RegionService service : regions.all()) {
      out.printf("%-10s %s%n", service.region(), service.baseUri());
    }
    out.println("Try (docs/examples.md has more):");
    out.printf("  curl -s -X PUT -d '{\"positionSeconds\": 1234}' %s/users/alice/history/the-crown-s1e1%n",
        regions.east().baseUri());
    out.printf("  curl -s %s/users/alice/history/the-crown-s1e1%n", regions.west().baseUri());
    out.printf("  curl -s %s/relay    curl -s %s/metrics | grep relay_%n", regions.west().baseUri(),
        regions.west().baseUri());
    out.println("Ctrl-C stops both regions.");
    while (!stopped.await(statsEvery.toMillis(), TimeUnit.MILLISECONDS) && !stopping.get()) {
      for (RegionService service : regions.all()) {
        out.printf("%s relay %-10s %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), service.region(),
            format(RelayView.of(service.relay())));
      }
    }
    return 0;
  }

  private static String format(Map<String, Object> counts) {
    StringBuilder line = new StringBuilder();
    counts.forEach((k, v) -> line.append(k).append('=').append(v).append(' '));
    return line.toString().trim();
  }
}
