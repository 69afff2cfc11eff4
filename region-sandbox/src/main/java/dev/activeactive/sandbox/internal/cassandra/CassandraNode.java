package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.internal.process.ManagedProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One forked Cassandra JVM: its process, its CQL address and what it logged. */
final class CassandraNode {
  /** Long enough for Cassandra to flush memtables and announce its shutdown to its peers. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
  private static final int LOG_TAIL_LINES = 40;

  private final NodeSetup setup;
  private final ManagedProcess process;
  private final InetSocketAddress nativeAddress;
  private final ClassDataArchive classData;

  CassandraNode(NodeSetup setup, Path java, String classpath, ClassDataArchive classData) {
    this.setup = setup;
    this.classData = classData;
    List<String> command = NodeCommand.build(java, classpath, classData.jvmOptions(setup.name()), setup);
    this.process = new ManagedProcess(setup.name(), command, setup.consoleLog());
    this.nativeAddress = new InetSocketAddress(setup.spec().address(), setup.ports().nativeTransport());
  }

  NodeSetup setup() {
    return setup;
  }

  String datacenter() {
    return setup.spec().datacenter();
  }

  InetSocketAddress nativeAddress() {
    return nativeAddress;
  }

  /** Forks the JVM; returns at once. Readiness is the cluster's business, since it involves the peers. */
  void start() {
    if (process.isAlive()) {
      return;
    }
    NodePortAllocator.requireFree(setup.name(), setup.spec().address(), setup.ports());
    process.start();
  }

  void stop() {
    process.stop(STOP_GRACE);
    classData.publish(setup.name());
  }

  void pause() {
    process.pause();
  }

  void resume() {
    process.resume();
  }

  boolean isRunning() {
    return process.isAlive();
  }

  Optional<Long> pid() {
    return process.pid();
  }

  /** The CQL port answers a protocol request, which a crashed or paused node does not. */
  boolean answersCql() {
    return CqlProbe.answers(nativeAddress, PROBE_TIMEOUT);
  }

  /** Empty when a read at ALL of {@code query} succeeds through this node, else why it did not. */
  Optional<String> readAtAll(String query) {
    return CqlProbe.queryAtAll(nativeAddress, query, PROBE_TIMEOUT.multipliedBy(5));
  }

  /** The last lines of the node's Cassandra log and console output, for error messages. */
  String logTail() {
    return tail(setup.systemLog()) + tail(setup.consoleLog());
  }

  private static String tail(Path file) {
    if (!Files.isRegularFile(file)) {
      return "\n--- " + file + ": (not written)";
    }
    try {
      List<String> lines = Files.readAllLines(file);
      List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "\n--- last " + last.size() + " lines of " + file + ":\n" + String.join("\n", last);
    } catch (IOException e) {
      return "\n--- " + file + ": unreadable (" + e.getMessage() + ")";
    }
  }

  void requireRunning(String during) {
    if (!process.isAlive()) {
      throw new SandboxException("Cassandra node " + setup.name() + " exited " + during + "." + logTail());
    }
  }

  @Override
  public String toString() {
    return process.toString();
  }
}
