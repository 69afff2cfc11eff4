package com.example.consumer;

import dev.activeactive.dualwrite.api.DualWrite;
import dev.activeactive.dualwrite.api.SafeSession;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.relay.api.InvalidationRelay;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import org.slf4j.LoggerFactory;

/**
 * An application that embeds the relay and logs with its own backend (slf4j-simple). Exits non-zero, failing the
 * consumer check, when a library brought a logging backend or configuration, or when the relay's log lines do not
 * come out in the application's format.
 */
public final class ConsumerMain {
  /** slf4j-simple's default layout: "[thread] LEVEL logger - message". */
  private static final Pattern HOST_FORMAT = Pattern.compile("^\\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) \\S+ - .*");

  /**
   * Embeds a relay polling {@code queueUrl} at {@code sqsEndpoint} (a real SQS) and checks where its log lines go.
   *
   * @param logFile where the application's backend writes (slf4j-simple's {@code org.slf4j.simpleLogger.logFile},
   *     set before anything logged)
   *
   * @return 0 when every check passed (a failed check exits the JVM with 1 after saying why)
   */
  public static int check(Path logFile, URI sqsEndpoint, String queueUrl, AwsCredentialsProvider credentials)
      throws Exception {
    Logger log = LoggerFactory.getLogger(ConsumerMain.class);

    check(LoggerFactory.getILoggerFactory().getClass().getName().startsWith("org.slf4j.simple."),
        "the SLF4J backend in charge is " + LoggerFactory.getILoggerFactory().getClass().getName()
            + ", not the application's slf4j-simple");
    for (String resource : List.of("logback.xml", "logback-test.xml", "log4j2.xml", "simplelogger.properties")) {
      check(ConsumerMain.class.getClassLoader().getResource(resource) == null,
          "a library ships " + resource + " at its jar root: " + ConsumerMain.class.getClassLoader().getResource(resource));
    }
    check(!present("ch.qos.logback.classic.Logger"), "logback is on the application's classpath");
    check(!present("picocli.CommandLine"), "picocli is on the application's classpath");
    check(!present("io.micrometer.prometheusmetrics.PrometheusMeterRegistry"), "a Prometheus registry is on the classpath");

    // the three libraries' entry points link against the BOM's versions
    Objects.requireNonNull(EVCacheClient.builder());
    Objects.requireNonNull(DualWrite.builder());
    Objects.requireNonNull(SafeSession.builder());

    log.info("starting an embedded relay");
    // the zone is a closed port: the relay starts anyway after its bounded wait and logs that, and spymemcached logs
    // its reconnects; every one of those lines must come out in the application's format
    try (InvalidationRelay relay = InvalidationRelay.builder()
        .region("us-east-1")
        .queue(queueUrl)
        .sqsEndpoint(sqsEndpoint)
        .credentials(credentials)
        .zone("us-east-1a", "127.0.0.1:" + closedPort())
        .shutdownGrace(Duration.ofMillis(200))
        .build()
        .start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      // the relay's start, and spymemcached's reconnect attempts to the closed zone (spymemcached prints to stderr
      // in its own format unless told to use SLF4J)
      while (linesOf(logFile, "dev.activeactive.relay").stream().noneMatch(l -> l.contains(" polling "))
          || linesOf(logFile, "net.spy.memcached").isEmpty()) {
        check(System.nanoTime() < deadline, "the relay's start and spymemcached's reconnects did not both reach the "
            + "application's log within 60 s; log:\n" + Files.readString(logFile));
        Thread.sleep(50);
      }
    }
    List<String> libraryLines = linesOf(logFile, "dev.activeactive.relay");
    libraryLines.addAll(linesOf(logFile, "net.spy.memcached"));
    for (String line : libraryLines) {
      check(HOST_FORMAT.matcher(line).matches(), "a library's line is not in the application's format: " + line);
    }
    List<String> lines = Files.readAllLines(logFile);
    check(lines.stream().anyMatch(l -> l.matches("^\\[main\\] INFO com\\.example\\.consumer\\.ConsumerMain - starting an embedded relay$")),
        "the application's own line changed format: " + lines);
    System.out.println("consumer check: " + libraryLines.size() + " relay and spymemcached lines, all through the application's backend, e.g. "
        + libraryLines.get(0));
    return 0;
  }

  /** The log's lines naming a logger under {@code prefix}, stack-trace lines left out. */
  private static List<String> linesOf(Path logFile, String prefix) throws IOException {
    return Files.readAllLines(logFile).stream()
        .filter(l -> l.contains("] ") && l.contains(" " + prefix + "."))
        .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, ConsumerMain.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      System.err.println("consumer check FAILED: " + failure);
      System.exit(1);
    }
  }
}
