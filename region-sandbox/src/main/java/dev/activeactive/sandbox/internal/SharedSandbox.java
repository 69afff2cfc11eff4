package dev.activeactive.sandbox.internal;

import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.SandboxFaults;
import dev.activeactive.sandbox.api.SandboxTopology;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.internal.control.RemoteRegionSandbox;
import dev.activeactive.sandbox.internal.control.SandboxStateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sandbox of this JVM: a running {@code ./sandbox up} when there is one, otherwise one started here
 * and stopped by a shutdown hook. Starting servers once per JVM keeps test suites fast.
 */
public final class SharedSandbox {
  private static final Logger log = LoggerFactory.getLogger(SharedSandbox.class);
  private static RegionSandbox instance;

  private SharedSandbox() {}

  public static synchronized RegionSandbox get() {
    if (instance == null) {
      instance = findRunning().<RegionSandbox>map(r -> r).orElseGet(SharedSandbox::startHere);
    }
    return instance;
  }

  private static Optional<RemoteRegionSandbox> findRunning() {
    Optional<Path> file = SandboxStateFile.locate();
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      Properties p = SandboxStateFile.read(file.get());
      boolean alive = ProcessHandle.of(SandboxStateFile.pid(p)).map(ProcessHandle::isAlive).orElse(false);
      RemoteRegionSandbox remote = new RemoteRegionSandbox(SandboxStateFile.controlUrl(p));
      if (alive && remote.isReachable()) {
        log.info("using the running sandbox described in {}", file.get());
        return Optional.of(remote);
      }
      log.info("ignoring {}: its sandbox is no longer running", file.get());
    } catch (IOException | RuntimeException e) {
      log.info("ignoring {}: {}", file.get(), e.toString());
    }
    return Optional.empty();
  }

  private static RegionSandbox startHere() {
    LocalRegionSandbox local = (LocalRegionSandbox) RegionSandbox.builder().build();
    Runtime.getRuntime().addShutdownHook(new Thread(local::close, "region-sandbox-shutdown"));
    return new JvmOwned(local);
  }

  /** Closing the shared sandbox is left to the shutdown hook, so one test cannot stop it for the others. */
  private record JvmOwned(RegionSandbox delegate) implements RegionSandbox {
    @Override
    public void require(SandboxComponent... components) {
      delegate.require(components);
    }

    @Override
    public SandboxTopology topology() {
      return delegate.topology();
    }

    @Override
    public SandboxFaults faults() {
      return delegate.faults();
    }

    @Override
    public List<ServerStatus> status() {
      return delegate.status();
    }

    @Override
    public void close() {
      // stopped at JVM exit
    }
  }
}
