package dev.activeactive.probe.internal.cli;

import dev.activeactive.probe.api.CacheAsideResult;
import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.api.DelayAnchor;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeMode;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.internal.report.ConsoleProgress;
import dev.activeactive.probe.internal.report.HtmlReport;
import dev.activeactive.probe.internal.report.JsonReport;
import dev.activeactive.probe.internal.report.SummaryTable;
import dev.activeactive.probe.internal.run.ExperimentRunner;
import dev.activeactive.probe.internal.store.CassandraStore;
import dev.activeactive.probe.internal.store.ExperimentStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./probe}: runs the experiment and reports; exit 1 when more records are missing than allowed. */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes records in one region and reads each in the other region after a delay: how many "
        + "were not visible, and how visibility grows with time.",
        "With no contact points it runs on the two-region sandbox (a running './sandbox up', or one it starts)."},
    footer = {"", "Exit codes: 0 ok, 1 more records missing than --max-missing, 2 bad usage or a failed run.",
        "Every option can also come from --config FILE (HOCON, keys = option names without '--', e.g. records = 20000)."})
public final class ProbeCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with option values (options given here win).")
  Path configFile;

  @Option(names = "--mode", defaultValue = "cassandra", description = "cassandra, cache or both (default ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--records", defaultValue = "1000000", description = "Records to write (default ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--delay-ms", defaultValue = "500", description = "Read each record this long after its write (default ${DEFAULT-VALUE}).")
  long delayMs;

  @Option(names = "--after-write-phase", description = "Measure the delay from the end of the whole write phase instead of each write's acknowledgement.")
  boolean afterWritePhase;

  @Option(names = "--concurrency", defaultValue = "256", description = "Requests in flight (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--rate", defaultValue = "0", description = "Cap on writes per second; 0 = unlimited (default).")
  int rate;

  @Option(names = "--write-region", defaultValue = "us-east-1", description = "Region (datacenter) written (default ${DEFAULT-VALUE}).")
  String writeRegion;

  @Option(names = "--read-region", defaultValue = "us-west-2", description = "Region (datacenter) read (default ${DEFAULT-VALUE}).")
  String readRegion;

  @Option(names = "--write-contact-points", split = ",", paramLabel = "HOST:PORT", description = "Nodes of the write datacenter (real clusters).")
  List<String> writeContactPoints = new ArrayList<>();

  @Option(names = "--read-contact-points", split = ",", paramLabel = "HOST:PORT", description = "Nodes of the read datacenter (real clusters).")
  List<String> readContactPoints = new ArrayList<>();

  @Option(names = "--username", description = "Cassandra user, when authentication is on.")
  String username;

  @Option(names = "--password", description = "Cassandra password (prefer --config or PROBE_PASSWORD).", defaultValue = "${env:PROBE_PASSWORD}")
  String password;

  @Option(names = "--keyspace", defaultValue = "consistency_probe", description = "Keyspace of the probe's table (default ${DEFAULT-VALUE}).")
  String keyspace;

  @Option(names = "--replication-factor", defaultValue = "1", description = "Replicas per datacenter if the probe creates its keyspace (default ${DEFAULT-VALUE}).")
  int replicationFactor;

  @Option(names = "--write-consistency", defaultValue = "LOCAL_QUORUM", description = "Default ${DEFAULT-VALUE}.")
  String writeConsistency;

  @Option(names = "--read-consistency", defaultValue = "LOCAL_ONE", description = "Default ${DEFAULT-VALUE}.")
  String readConsistency;

  @Option(names = "--samples", defaultValue = "-1", description = "Records polled from acknowledgement until visible, for the lag distribution (default: 1%% of the records, 100 to 2,000).")
  int samples;

  @Option(names = "--poll-interval-ms", defaultValue = "2", description = "Polling interval of sampled records (default ${DEFAULT-VALUE}).")
  long pollIntervalMs;

  @Option(names = "--lag-horizon-ms", defaultValue = "5000", description = "Give up on a sampled record after this long (default ${DEFAULT-VALUE}).")
  long lagHorizonMs;

  @Option(names = "--curve-ms", split = ",", defaultValue = "0,5,10,25,50,100,250,500,1000", description = "t values of P(visible at t) (default ${DEFAULT-VALUE}).")
  List<Long> curveMs;

  @Option(names = "--background-ops", defaultValue = "0", description = "Extra load in operations per second during the run; 0 = none.")
  int backgroundOps;

  @Option(names = "--cache-policy", defaultValue = "INVALIDATE", description = "Cache mode: INVALIDATE or REPLICATE (default ${DEFAULT-VALUE}).")
  String cachePolicy;

  @Option(names = "--cache-aside-keys", defaultValue = "500", description = "Cache modes: keys of the cache-aside scenario run after the experiment; 0 skips it (default ${DEFAULT-VALUE}).")
  int cacheAsideKeys;

  @Option(names = "--cache-aside-horizon-ms", defaultValue = "5000", description = "Cache-aside: check for stale entries this long after the last write (default ${DEFAULT-VALUE}).")
  long cacheAsideHorizonMs;

  @Option(names = "--max-missing", defaultValue = "0", description = "Exit 1 when more records than this are missing at the delay (default ${DEFAULT-VALUE}).")
  long maxMissing;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON.")
  Path json;

  @Option(names = "--html", paramLabel = "DIR", description = "Write a self-contained HTML report with charts.")
  Path html;

  @Override
  public Integer call() throws Exception {
    ProbeMode probeMode = ProbeMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
    ProbeConfig config = ProbeConfig.builder()
        .mode(probeMode).records(records).delay(Duration.ofMillis(delayMs))
        .anchor(afterWritePhase ? DelayAnchor.AFTER_WRITE_PHASE : DelayAnchor.PER_RECORD)
        .concurrency(concurrency).writesPerSecond(rate).writeRegion(writeRegion).readRegion(readRegion)
        .keyspace(keyspace).writeConsistency(writeConsistency).readConsistency(readConsistency)
        .lagSamples(samples).lagPollInterval(Duration.ofMillis(pollIntervalMs))
        .lagHorizon(Duration.ofMillis(lagHorizonMs)).curvePoints(curveMs.stream().map(Duration::ofMillis).toList())
        .backgroundOpsPerSecond(backgroundOps).cachePolicy(cachePolicy.toUpperCase(java.util.Locale.ROOT))
        .maxMissing(maxMissing).build();
    Targets targets = writeContactPoints.isEmpty() && readContactPoints.isEmpty()
        ? Targets.fromSandbox(config)
        : new Targets(new CassandraTarget(addresses(writeContactPoints), addresses(readContactPoints),
            Optional.ofNullable(username), Optional.ofNullable(password).filter(p -> !p.isEmpty()), replicationFactor),
            null);
    List<ProbeResult> results = new ArrayList<>();
    for (ExperimentStore store : stores(config, targets)) {
      try (store) {
        ProbeResult result = new ExperimentRunner(store, config,
            new ConsoleProgress(System.out, System.console() != null)).run();
        results.add(result);
        SummaryTable.print(result, System.out);
      }
    }
    Optional<CacheAsideResult> cacheAside = Optional.empty();
    if (probeMode != ProbeMode.CASSANDRA && cacheAsideKeys > 0) {
      cacheAside = Optional.of(targets.cacheAside(config, cacheAsideKeys, Duration.ofMillis(cacheAsideHorizonMs)));
      CacheAsideResult r = cacheAside.get();
      System.out.printf(java.util.Locale.ROOT, "%n== cache-aside: %,d keys, %,d writes in %s, %,d getOrLoad reads in %s ==%n"
          + "  stale after %d ms horizon: %,d (target 0), errors %,d, %.1f s%n", r.keys(), r.writes(), writeRegion,
          r.reads(), readRegion, r.horizonMs(), r.staleAfterHorizon(), r.errors(), r.durationMs() / 1000.0);
    }
    if (json != null) {
      JsonReport.write(json, results, cacheAside);
      System.out.println("JSON written to " + json);
    }
    if (html != null) {
      System.out.println("HTML report written to " + HtmlReport.write(html, results));
    }
    ExitGate gate = ExitGate.of(results, maxMissing, cacheAside.map(CacheAsideResult::staleAfterHorizon).orElse(0L),
        config.minOnTimeRatio());
    System.out.println(gate.message());
    return gate.exitCode();
  }

  private static List<ExperimentStore> stores(ProbeConfig config, Targets targets) {
    List<ExperimentStore> stores = new ArrayList<>();
    if (config.mode() == ProbeMode.CASSANDRA || config.mode() == ProbeMode.BOTH) {
      stores.add(new CassandraStore(config.withMode(ProbeMode.CASSANDRA), targets.cassandra()));
    }
    if (config.mode() == ProbeMode.CACHE || config.mode() == ProbeMode.BOTH) {
      stores.add(targets.cacheStore(config.withMode(ProbeMode.CACHE)));
    }
    return stores;
  }

  private static List<InetSocketAddress> addresses(List<String> hostPorts) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String hostPort : hostPorts) {
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("'" + hostPort + "' is not HOST:PORT");
      }
      out.add(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    }
    return out;
  }
}
