package dev.activeactive.sandbox.internal.memcached;

import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.internal.Prerequisites;
import dev.activeactive.sandbox.internal.net.PortAllocator;
import dev.activeactive.sandbox.internal.process.ManagedProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One zone's memcached process, on a fixed address and port so that a restart comes back where it was. */
public final class MemcachedServer {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private final String zone;
  private final InetSocketAddress address;
  private final ManagedProcess process;

  public MemcachedServer(String zone, String host, int memoryMegabytes, Path logDirectory) {
    this.zone = zone;
    this.address = new InetSocketAddress(host, PortAllocator.freePort(host));
    List<String> command = new ArrayList<>(List.of(
        Prerequisites.memcachedBinary().toString(),
        "-l", host,
        "-p", Integer.toString(address.getPort()),
        "-U", "0",
        "-m", Integer.toString(memoryMegabytes),
        "-t", "2",
        "-c", "4096"));
    if (Prerequisites.runningAsRoot()) {
      command.add("-u");
      command.add("root");
    }
    this.process = new ManagedProcess("memcached " + zone, command, logDirectory.resolve("memcached-" + zone + ".log"));
  }

  public String zone() {
    return zone;
  }

  public InetSocketAddress address() {
    return address;
  }

  public ManagedProcess process() {
    return process;
  }

  /** Starts memcached and waits until it answers {@code version}. */
  public void start() {
    if (process.isAlive()) {
      return;
    }
    PortAllocator.requireFree(address.getHostString(), address.getPort(), "memcached " + zone);
    process.start();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (answersVersion()) {
        return;
      }
      if (!process.isAlive()) {
        break;
      }
      pause();
    }
    String tail = tailOfLog();
    process.stop(Duration.ofSeconds(2));
    throw new SandboxException("memcached for zone " + zone + " at " + address + " did not answer within "
        + READY_TIMEOUT.toSeconds() + " s. Its log ends with:\n" + tail);
  }

  public void stop() {
    process.stop(Duration.ofSeconds(5));
  }

  /** Up means it answers the {@code version} command now, not merely that the process exists. */
  public boolean isUp() {
    return process.isAlive() && answersVersion();
  }

  private boolean answersVersion() {
    try (Socket socket = new Socket()) {
      socket.connect(address, 500);
      socket.setSoTimeout(1_000);
      OutputStream out = socket.getOutputStream();
      out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      return line != null && line.startsWith("VERSION");
    } catch (IOException e) {
      return false;
    }
  }

  private String tailOfLog() {
    try {
      List<String> lines = Files.readAllLines(process.logFile());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("Interrupted while waiting for memcached", e);
    }
  }
}
