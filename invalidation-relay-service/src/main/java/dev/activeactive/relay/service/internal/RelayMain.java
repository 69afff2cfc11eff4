package dev.activeactive.relay.service.internal;

import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.service.internal.status.StatusEndpoints;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The relay as a service: {@code java -jar invalidation-relay-service-all.jar --config relay.conf}. */
@Command(name = "invalidation-relay", mixinStandardHelpOptions = true,
    description = "Drains this region's replication queue into the local memcached zones. "
        + "Stops gracefully on SIGTERM. 'dlq' inspects and redrives the dead-letter queue.",
    subcommands = dev.activeactive.relay.service.internal.dlq.DlqCommand.class)
public final class RelayMain implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RelayMain.class);

  @Option(names = {"-c", "--config"}, description = "Configuration file (HOCON); reference.conf lists every key.")
  Path config;

  @Override
  public Integer call() throws Exception {
    RelaySettings settings = RelaySettings.load(Optional.ofNullable(config));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
    new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    InvalidationRelay relay = InvalidationRelay.builder()
        .config(settings.relay())
        .credentials(settings.credentials())
        .meterRegistry(registry)
        .build();
    CountDownLatch stopped = new CountDownLatch(1);
    relay.start();
    StatusEndpoints status = new StatusEndpoints(relay, registry, settings.statusPeers(), settings.statusRefresh(),
        settings.statusHistory());
    HealthServer http = new HealthServer(settings.httpHost(), settings.httpPort(), relay, registry, status);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: no new receives, finishing messages in flight");
      relay.close();
      http.close();
      status.close();
      stopped.countDown();
    }, "relay-shutdown"));
    log.info("relay started: {}; /health, /metrics and /status on port {}", settings.relay(), http.port());
    stopped.await();
    return 0;
  }

  /** The command line with its subcommands; an error prints its message (no stack trace) and exits 2. */
  public static CommandLine commandLine() {
    return new CommandLine(new RelayMain())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("invalidation-relay: " + e.getMessage());
          return 2;
        });
  }

  public static void main(String[] args) {
    // spymemcached logs through SLF4J (and so Logback) instead of straight to stderr
    System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
