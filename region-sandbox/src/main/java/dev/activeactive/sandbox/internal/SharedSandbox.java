package dev.activeactive.sandbox.internal;

import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.SandboxBackend;
import dev.activeactive.sandbox.api.SandboxComponent;
import dev.activeactive.sandbox.api.SandboxConfig;
import dev.activeactive.sandbox.api.SandboxException;
import dev.activeactive.sandbox.api.SandboxFaults;
import dev.activeactive.sandbox.api.SandboxTopology;
import dev.activeactive.sandbox.api.ServerStatus;
import dev.activeactive.sandbox.internal.containers.ContainerRegionSandbox;
import dev.activeactive.sandbox.internal.containers.DockerEndpoint;
import dev.activeactive.sandbox.internal.control.RemoteRegionSandbox;
import dev.activeactive.sandbox.internal.control.SandboxStateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The one sandbox of this JVM: a running {@code ./sandbox up} when there is one, otherwise one started here
 * and stopped by a shutdown hook. Starting servers once per JVM keeps test suites fast.
 *
 * <p>Also decides which {@link SandboxBackend} a new sandbox runs on: the process backend whenever memcached
 * is installed (CI always has it), the containers backend where only Docker is.
 */
public final class SharedSandbox {
  /** System property choosing the backend: {@code process}, {@code containers} or {@code auto}. */
  public static final String BACKEND_PROPERTY = "activeactive.sandbox.backend";
  /** Environment variable choosing the backend when the system property is not set. */
  public static final String BACKEND_ENVIRONMENT = "ACTIVEACTIVE_SANDBOX_BACKEND";

  private static final Logger log = LoggerFactory.getLogger(SharedSandbox.class);
  private static RegionSandbox instance;

  private SharedSandbox() {}

  public static synchronized RegionSandbox get() {
    if (instance == null) {
      instance = running().<RegionSandbox>map(r -> r).orElseGet(SharedSandbox::startHere);
    }
    return instance;
  }

  /** The sandbox a running {@code ./sandbox up} serves, if its state file is found and it answers. */
  public static Optional<RemoteRegionSandbox> running() {
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
    RegionSandbox owned = RegionSandbox.builder().build();
    Runtime.getRuntime().addShutdownHook(new Thread(owned::close, "region-sandbox-shutdown"));
    return new JvmOwned(owned);
  }

  /** The backend asked for by {@value #BACKEND_PROPERTY} or {@value #BACKEND_ENVIRONMENT}; AUTO when neither. */
  public static SandboxBackend configuredBackend() {
    return parseBackend(System.getProperty(BACKEND_PROPERTY), System.getenv(BACKEND_ENVIRONMENT));
  }

  /**
   * The backend named by the system property's value, else by the environment variable's, else AUTO.
   *
   * @throws SandboxException when the name is none of process, containers, auto
   */
  public static SandboxBackend parseBackend(String property, String environment) {
    String name = property != null && !property.isBlank() ? property
        : environment != null && !environment.isBlank() ? environment
        : null;
    if (name == null) {
      return SandboxBackend.AUTO;
    }
    try {
      return SandboxBackend.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SandboxException("Unknown sandbox backend '" + name + "' in " + BACKEND_PROPERTY + " / "
          + BACKEND_ENVIRONMENT + "; use one of " + Arrays.stream(SandboxBackend.values())
              .map(b -> b.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  /**
   * Resolves AUTO: the process backend when its prerequisites are present, otherwise containers when Docker
   * is available, otherwise the process backend, whose start then fails saying what to install. The probes
   * run only when needed, so a machine with memcached never touches Docker.
   *
   * @return {@link SandboxBackend#PROCESS} or {@link SandboxBackend#CONTAINERS}
   */
  public static SandboxBackend chooseBackend(SandboxBackend requested, BooleanSupplier processPrerequisitesPresent,
      BooleanSupplier dockerAvailable) {
    if (requested != SandboxBackend.AUTO) {
      return requested;
    }
    if (processPrerequisitesPresent.getAsBoolean()) {
      return SandboxBackend.PROCESS;
    }
    return dockerAvailable.getAsBoolean() ? SandboxBackend.CONTAINERS : SandboxBackend.PROCESS;
  }

  /** A new sandbox, owned by the caller, on the {@code requested} backend (AUTO resolved here). */
  public static RegionSandbox newSandbox(SandboxConfig config, SandboxBackend requested) {
    SandboxBackend backend = chooseBackend(requested, SharedSandbox::memcachedInstalled,
        SharedSandbox::dockerAvailable);
    if (requested == SandboxBackend.AUTO) {
      log.info("sandbox backend: {} (auto)", backend.name().toLowerCase(Locale.ROOT));
    }
    if (backend == SandboxBackend.CONTAINERS) {
      requireTestcontainers();
      return new ContainerRegionSandbox(config);
    }
    return new LocalRegionSandbox(config);
  }

  /** Testcontainers is an optional dependency of the sandbox: only runs on the containers backend need it. */
  static void requireTestcontainers() {
    try {
      Class.forName("org.testcontainers.DockerClientFactory", false, SharedSandbox.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new SandboxException("The containers backend needs Testcontainers on the classpath: add"
          + " org.testcontainers:testcontainers (the version in active-active-bom) to this run, or use the process"
          + " backend (-D" + BACKEND_PROPERTY + "=process) with memcached installed.");
    }
  }

  private static boolean memcachedInstalled() {
    try {
      Prerequisites.memcachedBinary();
      return true;
    } catch (SandboxException e) {
      return false;
    }
  }

  private static boolean dockerAvailable() {
    if (!DockerEndpoint.anyConfigured()) {
      // asking Testcontainers here would log an ERROR block on every start of a machine without Docker
      log.debug("no Docker endpoint configured; not asking Testcontainers");
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      // no usable Docker client; the process backend's error says what to install
      log.debug("Docker probe failed: {}", e.toString());
      return false;
    }
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
