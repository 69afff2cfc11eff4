package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line of a node's JVM: Cassandra's own classpath, its module flags and small-box tuning. */
final class NodeCommand {
  /** Extra JVM options for every node, appended last so that they override ours (e.g. a bigger heap). */
  static final String EXTRA_OPTIONS_ENV = "SANDBOX_CASSANDRA_JVM_OPTS";
  static final String CLASSPATH_RESOURCE = "/dev/activeactive/sandbox/cassandra/cassandra-classpath.txt";
  private static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";

  /** The module exports/opens of Cassandra 5.0's conf/jvm17-server.options; its classes fail without them. */
  private static final List<String> MODULE_FLAGS = List.of(
      "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
      "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
      "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
      "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
      "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
      "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.base/java.io=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/java.util=ALL-UNNAMED");

  /*
   * Two nodes share two cores with the tests that drive them. A serial collector keeps GC threads from
   * competing. The initial heap stays small because Cassandra mlockall()s what is mapped at start-up, which
   * as root means touching every page of it. C1 only (TieredStopAtLevel=1) cuts a node's start-up CPU by about
   * a third; C2 would be faster for long, hot benchmarks: set SANDBOX_CASSANDRA_JVM_OPTS=-XX:TieredStopAtLevel=4.
   */
  private static final List<String> JVM_TUNING = List.of(
      "-Xms256m", "-Xmx768m", "-Xss256k",
      "-XX:TieredStopAtLevel=1",
      "-XX:MaxDirectMemorySize=256m",
      "-XX:+UseSerialGC",
      "-XX:+ExitOnOutOfMemoryError",
      "-XX:+PerfDisableSharedMem",
      "-XX:-OmitStackTraceInFastThrow",
      "-Djava.net.preferIPv4Stack=true",
      "-Djdk.attach.allowAttachSelf=true",
      "-Dio.netty.tryReflectionSetAccessible=true",
      "-Dio.netty.allocator.useCacheForAllThreads=true",
      "-Dio.netty.allocator.maxOrder=11");

  /*
   * Start-up delays that protect real clusters from joining too eagerly. In a sandbox with explicit tokens,
   * no bootstrap and two nodes on one host they only cost time.
   */
  private static final List<String> FAST_START = List.of(
      // ring delay bounds the shadow gossip round, which fails anyway while both nodes start at once
      "-Dcassandra.ring_delay_ms=100",
      /*
       * ...but the quarantine delay derives from the ring delay unless given, and half of it is how long a
       * peer whose token state has not arrived yet may stay silent before gossip drops it as a "fat client"
       * (for good: it also leaves the seed list). On a loaded machine that took 100 ms and the nodes never
       * saw each other again. 60 s is what a default ring delay of 30 s would give.
       */
      "-Dcassandra.gossip_quarantine_delay_ms=60000",
      "-Dcassandra.skip_wait_for_gossip_to_settle=0",
      "-Dcassandra.superuser_setup_delay_ms=0",
      "-Dcassandra.unsafesystem=true",
      // how long a stopping node waits for its shutdown to spread by gossip; there is one peer to tell
      "-Dcassandra.shutdown_announce_in_ms=500");

  private NodeCommand() {}

  /**
   * @param java the {@code java} executable
   * @param classpath the server's classpath, see {@link #cassandraClasspath()}
   * @param extraJvmOptions options added after ours, such as class data sharing
   */
  static List<String> build(Path java, String classpath, List<String> extraJvmOptions, NodeSetup node) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(JVM_TUNING);
    command.addAll(extraJvmOptions);
    command.addAll(MODULE_FLAGS);
    command.addAll(FAST_START);
    Path dir = node.dir();
    command.add("-XX:ErrorFile=" + node.logDir().resolve("hs_err_%p.log"));
    command.add("-Dcassandra-foreground=yes");
    command.add("-Dcassandra.config=" + NodeConfigWriter.yaml(node).toUri());
    command.add("-Dcassandra-rackdc.properties=" + NodeConfigWriter.rackdc(node).toUri());
    command.add("-Dlogback.configurationFile=" + NodeConfigWriter.logback(node));
    command.add("-Dcassandra.logdir=" + node.logDir());
    command.add("-Dcassandra.storagedir=" + dir);
    command.add("-Dcassandra.triggers_dir=" + dir.resolve("triggers"));
    command.add("-Dcassandra.jmx.local.port=" + node.ports().jmx());
    String extra = System.getenv(EXTRA_OPTIONS_ENV);
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    /*
     * Exactly the server's jars: every conf file is passed by a system property instead, which keeps
     * directories off the classpath (class data sharing refuses a classpath with a non-empty directory).
     */
    command.add("-cp");
    command.add(classpath);
    command.add(MAIN_CLASS);
    return command;
  }

  /** The server's jars, listed at build time by the cassandra-runtime module. */
  static String cassandraClasspath() {
    try (InputStream in = NodeCommand.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new SandboxException("The Cassandra server classpath (" + CLASSPATH_RESOURCE + ") is not on the"
            + " classpath. Build the cassandra-runtime module first: ./mvnw -pl region-sandbox -am install");
      }
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!classpath.contains("cassandra-all")) {
        throw new SandboxException("The Cassandra server classpath in " + CLASSPATH_RESOURCE
            + " does not list cassandra-all; rebuild the cassandra-runtime module.");
      }
      return classpath;
    } catch (IOException e) {
      throw new SandboxException("Cannot read " + CLASSPATH_RESOURCE + ": " + e.getMessage(), e);
    }
  }
}
