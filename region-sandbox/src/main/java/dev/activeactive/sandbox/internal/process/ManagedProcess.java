package dev.activeactive.sandbox.internal.process;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process the sandbox forked. It runs under a small shell guard that kills it when the JVM that
 * started it dies, even by SIGKILL, so that no memcached or Cassandra node outlives its sandbox.
 *
 * <p>Output goes to a log file, never to a pipe that nobody drains.
 */
public final class ManagedProcess {
  private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);

  /*
   * The guard polls the owner's pid once a second. It forwards TERM/INT to the server, and `kill -9` of the
   * guard itself is covered by the server being in the guard's own process group (see stop()).
   */
  private static final String GUARD =
      "\"$@\" & child=$!\n"
          + "echo $child > \"$AA_PID_FILE\"\n"
          + "trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM INT\n"
          + "while kill -0 \"$AA_OWNER_PID\" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done\n"
          + "kill -KILL $child 2>/dev/null\n"
          + "wait $child\n";

  private final String name;
  private final List<String> command;
  private final Path logFile;
  private final Path pidFile;
  private Process guard;
  private long serverPid = -1;

  public ManagedProcess(String name, List<String> command, Path logFile) {
    this.name = name;
    this.command = List.copyOf(command);
    this.logFile = logFile;
    this.pidFile = logFile.resolveSibling(logFile.getFileName() + ".pid");
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  /** Starts the process; returns once its pid is known (not once it is ready: callers probe readiness). */
  public synchronized void start() {
    if (isAlive()) {
      return;
    }
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", GUARD, "guard"));
    argv.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().put("AA_OWNER_PID", Long.toString(ProcessHandle.current().pid()));
    builder.environment().put("AA_PID_FILE", pidFile.toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    try {
      Files.createDirectories(logFile.getParent());
      Files.deleteIfExists(pidFile);
      guard = builder.start();
    } catch (IOException e) {
      throw new SandboxException("Could not start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
    serverPid = awaitPid();
    log.debug("started {} as pid {} (log {})", name, serverPid, logFile);
  }

  private long awaitPid() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(pidFile)) {
          String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
          if (!text.isEmpty()) {
            return Long.parseLong(text);
          }
        }
        if (!guard.isAlive()) {
          break;
        }
        Thread.sleep(10);
      } catch (IOException | NumberFormatException e) {
        // the guard is still writing the file; read it again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new SandboxException(name + " exited at once; see its log " + logFile);
  }

  public synchronized boolean isAlive() {
    return serverPid > 0 && ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The server's own pid (not its guard's), or empty when it is not running. */
  public synchronized Optional<Long> pid() {
    return isAlive() ? Optional.of(serverPid) : Optional.empty();
  }

  /** Stops the server: SIGTERM, then SIGKILL after the grace period. Waits until it is gone. */
  public synchronized void stop(Duration grace) {
    if (guard == null) {
      return;
    }
    Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
    server.ifPresent(ProcessHandle::destroy);
    guard.destroy();
    server.ifPresent(h -> awaitExit(h, grace));
    awaitExit(guard.toHandle(), Duration.ofSeconds(2));
    guard = null;
    serverPid = -1;
  }

  /** Kills the server at once with SIGKILL, as a crash would. */
  public synchronized void kill() {
    if (guard == null) {
      return;
    }
    ProcessHandle.of(serverPid).ifPresent(h -> {
      h.destroyForcibly();
      awaitExit(h, Duration.ofSeconds(10));
    });
    guard.destroyForcibly();
    guard = null;
    serverPid = -1;
  }

  /** Freezes the server (SIGSTOP): it keeps its sockets but answers nothing, like a hung host. */
  public synchronized void pause() {
    signal("STOP");
  }

  /** Resumes a paused server (SIGCONT). */
  public synchronized void resume() {
    signal("CONT");
  }

  private void signal(String signal) {
    if (!isAlive()) {
      throw new SandboxException(name + " is not running, so it cannot receive SIG" + signal);
    }
    try {
      Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(serverPid)).start();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new SandboxException("kill -" + signal + " " + serverPid + " (" + name + ") failed");
      }
    } catch (IOException e) {
      throw new SandboxException("Could not send SIG" + signal + " to " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("Interrupted while signalling " + name, e);
    }
  }

  private static void awaitExit(ProcessHandle handle, Duration grace) {
    try {
      handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // it is gone or beyond our reach; nothing more to do
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      // onExit never completes exceptionally
    }
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " (pid " + serverPid + ")" : " (stopped)");
  }
}
