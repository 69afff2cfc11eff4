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
import org.slf4j.LoggerFactory;

/**
 * An application that embeds the relay and logs with its own backend (slf4j-simple). Exits non-zero, failing the
 * consumer check, when a library brought a logging backend or configuration, or when the relay's log lines do not
 * come out in the application's format.
 */
public final class ConsumerMain {
  /** slf4j-simple's default layout: "[thread] LEVEL logger - message". */
  private static final Pattern RELAY_LINE =
      Pattern.compile("^\\[[^\\]]+\\] (INFO|WARN|ERROR) dev\\.activeactive\\.relay\\.\\S+ - .*");

  public static void main(String[] args) throws Exception {
    Path logFile = Files.createTempFile("consumer", ".log");
    System.setProperty("org.slf4j.simpleLogger.logFile", logFile.toString());
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

    int closed = closedPort();
    log.info("starting an embedded relay");
    // No SQS listens on the closed port: the relay's start fails and logs why. Either way its lines go through
    // the application's backend, which is what this asserts.
    try (InvalidationRelay relay = InvalidationRelay.builder()
        .region("us-east-1")
        .queue("http://127.0.0.1:" + closed + "/000000000000/consumer-check")
        .sqsEndpoint(URI.create("http://127.0.0.1:" + closed))
        .credentials(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
        .zone("us-east-1a", "127.0.0.1:" + closed)
        .shutdownGrace(Duration.ofMillis(200))
        .build()
        .start()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (Files.readAllLines(logFile).stream().noneMatch(l -> RELAY_LINE.matcher(l).matches())) {
        check(System.nanoTime() < deadline, "the relay logged nothing within 60 s; log:\n" + Files.readString(logFile));
        Thread.sleep(50);
      }
    } catch (RuntimeException expected) {
      log.info("the embedded relay did not start: {}", expected.toString());
    }
    List<String> lines = Files.readAllLines(logFile);
    String start = lines.stream().filter(l -> l.contains("dev.activeactive.relay")).findFirst()
        .orElseThrow(() -> new AssertionError("the relay logged nothing: " + lines));
    check(RELAY_LINE.matcher(start).matches(), "the relay's line is not in the application's format: " + start);
    check(lines.stream().anyMatch(l -> l.matches("^\\[main\\] INFO com\\.example\\.consumer\\.ConsumerMain - starting an embedded relay$")),
        "the application's own line changed format: " + lines);
    System.out.println("consumer check: the relay logged through the application's backend: " + start);
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
