package dev.activeactive.probe.internal.cli;

import dev.activeactive.probe.api.CacheAsideResult;
import dev.activeactive.probe.api.CassandraTarget;
import dev.activeactive.probe.api.DelayAnchor;
import dev.activeactive.probe.api.ProbeConfig;
import dev.activeactive.probe.api.ProbeMode;
import dev.activeactive.probe.api.ProbeResult;
import dev.activeactive.probe.internal.canary.CanaryRunner;
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
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.activeactive.sandbox.api.WanProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./probe}: runs the experiment and reports; exit 1 when more records are missing than allowed. */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes records in one region and reads each in the other region after a delay: how many "
        + "were not visible, and how visibility grows with time.",
        "With no contact points it runs on the two-region sandbox (a running './sandbox up', or one it starts)."},
    footer = {"", "Exit codes: 0 passed; 1 gate failed (more records missing than --max-missing, too few reads on time,"
        + " stale cache entries); 2 bad usage; 3 could not run (unreachable cluster, authentication, sandbox).",
        "Every option can also come from --config FILE (HOCON, keys = option names without '--', e.g. records = 20000)."})
public final class ProbeCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with option values (options given here win).")
  Path configFile;

  @Option(names = "--mode", defaultValue = "cassandra", description = "One of ${COMPLETION-CANDIDATES} (case-insensitive; default ${DEFAULT-VALUE}).")
  ProbeMode mode;

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

  @Option(names = "--wan", defaultValue = WanProfile.DEFAULT_NAME, paramLabel = "PROFILE", description = "Sandbox only: the WAN between the regions, one of none, us-east-1/us-west-2, us-east-1/eu-west-1, us-west-2/eu-west-1, or a shape such as rtt=120ms,jitter=5ms (default ${DEFAULT-VALUE}; none = the regions 0 ms apart).")
  String wan;

  @Option(names = "--keyspace", defaultValue = "consistency_probe", description = "Keyspace of the probe's table (default ${DEFAULT-VALUE}).")
  String keyspace;

  @Option(names = "--replication-factor", defaultValue = "1", description = "Replicas per datacenter if the probe creates its keyspace (default ${DEFAULT-VALUE}).")
  int replicationFactor;

  @Option(names = "--write-consistency", defaultValue = "LOCAL_QUORUM", description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  DefaultConsistencyLevel writeConsistency;

  @Option(names = "--read-consistency", defaultValue = "LOCAL_ONE", description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  DefaultConsistencyLevel readConsistency;

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

  @Option(names = "--cache-policy", defaultValue = "INVALIDATE", description = "Cache modes: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  CachePolicy cachePolicy;

  @Option(names = "--cache-aside-keys", defaultValue = "500", description = "Cache modes: keys of the cache-aside scenario run after the experiment; 0 skips it (default ${DEFAULT-VALUE}).")
  int cacheAsideKeys;

  @Option(names = "--cache-aside-horizon-ms", defaultValue = "5000", description = "Cache-aside: check for stale entries this long after the last write (default ${DEFAULT-VALUE}).")
  long cacheAsideHorizonMs;

  @Option(names = "--on-time-ms", defaultValue = "10", description = "A read at the delay counts only if issued at most this long after its due time (default ${DEFAULT-VALUE}).")
  long onTimeMs;

  @Option(names = "--min-on-time-percent", defaultValue = "95", description = "Exit 1 when fewer reads at the delay were on time (default ${DEFAULT-VALUE}).")
  double minOnTimePercent;

  @Option(names = "--follow-up-horizon-ms", defaultValue = "60000", description = "Poll each record missing at the delay until visible or this long after its write (default ${DEFAULT-VALUE}).")
  long followUpHorizonMs;

  @Option(names = "--row-ttl", defaultValue = "1d", paramLabel = "DURATION", description = "TTL of the probe's Cassandra rows, e.g. 1d, 12h, 30m; 0 for none (default ${DEFAULT-VALUE}).")
  String rowTtl;

  @Option(names = "--delete-rows", description = "Delete the run's Cassandra rows when it ends.")
  boolean deleteRows;

  @Option(names = "--max-missing", defaultValue = "0", description = "Exit 1 when more records than this are missing at the delay (default ${DEFAULT-VALUE}).")
  long maxMissing;

  @Option(names = "--continuous", description = "Canary mode: write --rate records per second (default 20) until stopped or --duration, export the visibility metrics on --metrics-port.")
  boolean continuous;

  @Option(names = "--duration", paramLabel = "DURATION", description = "Continuous mode: stop after this long, e.g. 30s, 10m, 24h (default: run until stopped).")
  String duration;

  @Option(names = "--metrics-port", defaultValue = "9464", description = "Continuous mode: port of /metrics (Prometheus text format; 0 = any free port; default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(names = "--metrics-host", defaultValue = "localhost", description = "Continuous mode: address /metrics listens on; 0.0.0.0 for a scraper on another host (default ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the result as JSON.")
  Path json;

  @Option(names = "--html", paramLabel = "DIR", description = "Write a self-contained HTML report with charts.")
  Path html;

  @Spec
  CommandSpec spec;

  /** The {@code --config} file's values, to tell options given there from defaults; null without one. */
  Config fileOptions;

  /** The cache policies of the cache modes. */
  enum CachePolicy { INVALIDATE, REPLICATE }

  @Override
  public Integer call() throws Exception {
    ProbeMode probeMode = mode;
    refuseOptionsThatDoNotApply(probeMode);
    ProbeConfig config = config(probeMode);
    if (continuous) {
      return runContinuously(config);
    }
    Targets targets = targets(config);
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
    ExitGate gate = ExitGate.of(results, maxMissing, cacheAside.map(CacheAsideResult::staleAfterHorizon).orElse(0L),
        config.minOnTimeRatio());
    if (html != null) {
      System.out.println("HTML report written to " + HtmlReport.write(html, results, gate.passed(), gate.message()));
    }
    System.out.println(gate.message());
    return gate.exitCode();
  }

  private Targets targets(ProbeConfig config) {
    return writeContactPoints.isEmpty()
        ? Targets.fromSandbox(config, wanProfile())
        : new Targets(new CassandraTarget(addresses(writeContactPoints), addresses(readContactPoints),
            Optional.ofNullable(username), Optional.ofNullable(password).filter(p -> !p.isEmpty()), replicationFactor),
            null);
  }

  private int runContinuously(ProbeConfig config) throws Exception {
    Targets targets = targets(config);
    int perSecond = given("--rate") ? rate : 20;
    try (CanaryRunner canary = new CanaryRunner(stores(config, targets), config, perSecond,
        Math.max(1, perSecond / 10), metricsHost, metricsPort)) {
      Thread hook = new Thread(canary::stop, "probe-canary-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      CanaryRunner.Summary summary = canary.run(Optional.ofNullable(duration).map(d -> duration("--duration", d)),
          Duration.ofSeconds(10), System.out);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      boolean passed = summary.missing() <= maxMissing && summary.onTimeRatio() >= config.minOnTimeRatio();
      System.out.printf(java.util.Locale.ROOT, "%s: %,d records missing at %d ms (allowed: %,d), %.1f %% of reads on "
          + "time%n", passed ? "OK" : "FAIL", summary.missing(), delayMs, maxMissing, 100 * summary.onTimeRatio());
      return passed ? ExitCodes.PASSED : ExitCodes.GATE_FAILED;
    }
  }

  private ProbeConfig config(ProbeMode probeMode) {
    try {
      return ProbeConfig.builder()
          .mode(probeMode).records(records).delay(Duration.ofMillis(delayMs))
          .anchor(afterWritePhase ? DelayAnchor.AFTER_WRITE_PHASE : DelayAnchor.PER_RECORD)
          .concurrency(concurrency).writesPerSecond(rate).writeRegion(writeRegion).readRegion(readRegion)
          .keyspace(keyspace).writeConsistency(writeConsistency.name()).readConsistency(readConsistency.name())
          .lagSamples(samples).lagPollInterval(Duration.ofMillis(pollIntervalMs))
          .lagHorizon(Duration.ofMillis(lagHorizonMs)).curvePoints(curveMs.stream().map(Duration::ofMillis).toList())
          .backgroundOpsPerSecond(backgroundOps).cachePolicy(cachePolicy.name())
          .maxMissing(maxMissing).onTimeTolerance(Duration.ofMillis(onTimeMs))
          .minOnTimeRatio(minOnTimePercent / 100).followUpHorizon(Duration.ofMillis(followUpHorizonMs))
          .rowTtl(duration("--row-ttl", rowTtl)).deleteRowsAtEnd(deleteRows)
          .wanProfile(writeContactPoints.isEmpty() ? wanProfile().describe() : "real clusters (their own network)")
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private WanProfile wanProfile() {
    try {
      return WanProfile.parse(wan);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--wan: " + e.getMessage());
    }
  }

  private Duration duration(String option, String value) {
    try {
      return value.trim().equals("0") ? Duration.ZERO
          : ConfigFactory.parseString("d = \"" + value.trim() + "\"").getDuration("d");
    } catch (RuntimeException e) {
      throw new ParameterException(spec.commandLine(), option + " '" + value + "' is not a duration; write e.g. 1d, "
          + "12h, 30m, 90s, or 0 for none");
    }
  }

  /** Options that mean nothing in the chosen mode are refused: silently ignoring them would mislead. */
  private void refuseOptionsThatDoNotApply(ProbeMode probeMode) {
    List<String> notHere = new ArrayList<>();
    if (continuous) {
      notHere.addAll(List.of("--records", "--after-write-phase", "--samples", "--background-ops", "--json", "--html",
          "--cache-aside-keys", "--cache-aside-horizon-ms", "--delete-rows"));
    } else {
      notHere.addAll(List.of("--duration", "--metrics-port", "--metrics-host"));
    }
    if (probeMode == ProbeMode.CASSANDRA) {
      notHere.addAll(List.of("--cache-policy", "--cache-aside-keys", "--cache-aside-horizon-ms"));
    }
    if (probeMode == ProbeMode.CACHE) {
      notHere.addAll(List.of("--write-contact-points", "--read-contact-points", "--username", "--password",
          "--replication-factor", "--write-consistency", "--read-consistency", "--row-ttl", "--delete-rows"));
    }
    List<String> given = notHere.stream().filter(this::given).toList();
    if (!given.isEmpty()) {
      throw new ParameterException(spec.commandLine(), String.join(", ", given) + (given.size() == 1 ? " does" : " do")
          + " not apply to --mode " + probeMode.name().toLowerCase(java.util.Locale.ROOT)
          + (continuous ? " --continuous" : " without --continuous") + "; leave "
          + (given.size() == 1 ? "it" : "them") + " out or choose another --mode");
    }
    if (writeContactPoints.isEmpty() != readContactPoints.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Give both --write-contact-points and --read-contact-points "
          + "(real clusters), or neither (the sandbox)");
    }
    if (!writeContactPoints.isEmpty() && given("--wan")) {
      throw new ParameterException(spec.commandLine(), "--wan shapes the sandbox's network only; real clusters have "
          + "their own (leave out --wan, or the contact points)");
    }
    if (writeContactPoints.isEmpty() && (given("--username") || given("--replication-factor"))) {
      throw new ParameterException(spec.commandLine(), "--username and --replication-factor apply to real clusters "
          + "only; give --write-contact-points and --read-contact-points too");
    }
    if (given("--username") != (password != null && !password.isEmpty())) {
      throw new ParameterException(spec.commandLine(), given("--username")
          ? "--username needs a password: set PROBE_PASSWORD (or password in --config)"
          : "A password was given (--password or PROBE_PASSWORD) but no --username");
    }
  }

  private boolean given(String option) {
    boolean onCommandLine = spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption(option);
    return onCommandLine || (fileOptions != null && fileOptions.hasPath(option.substring(2)));
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
      try {
        out.add(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + hostPort + "' is not HOST:PORT (the port is not a number)");
      }
    }
    return out;
  }
}
