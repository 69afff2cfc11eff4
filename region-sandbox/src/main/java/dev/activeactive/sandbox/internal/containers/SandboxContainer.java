package dev.activeactive.sandbox.internal.containers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * A container of the sandbox, with what the fault handles need beyond {@link GenericContainer}: a fixed host
 * port, so that a stopped and started container comes back on the same address (Docker re-picks a random
 * host port on every start otherwise), and stop, start, pause and resume of the same container, so that its
 * file system (Cassandra's data) survives a restart.
 */
final class SandboxContainer extends GenericContainer<SandboxContainer> {
  private static final Logger log = LoggerFactory.getLogger(SandboxContainer.class);

  /** What this container is, for the fault log: {@code memcached us-east-1a}. */
  private final String description;

  SandboxContainer(DockerImageName image, String description) {
    super(image);
    this.description = description;
  }

  /**
   * Starts the containers in parallel (image pulls and server start-ups overlap) and rethrows the first
   * failure as itself rather than wrapped, so that its message reaches the caller.
   */
  static void startAll(Collection<SandboxContainer> containers) {
    try {
      Startables.deepStart(containers).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Publishes {@code containerPort} on {@code hostPort} of the Docker host, for the container's whole life. */
  SandboxContainer withHostPort(int hostPort, int containerPort) {
    addFixedExposedPort(hostPort, containerPort);
    return self();
  }

  /** Stops the server (SIGTERM, then SIGKILL after {@code grace}) and keeps the container for a later start. */
  void stopKeepingContainer(Duration grace) {
    if (isPaused()) {
      resumeServer();
    }
    getDockerClient().stopContainerCmd(getContainerId()).withTimeout((int) grace.toSeconds()).exec();
    log.info("{} stopped", description);
  }

  /** Starts the container again after {@link #stopKeepingContainer}; same ports, same file system. */
  void startAgain() {
    getDockerClient().startContainerCmd(getContainerId()).exec();
    log.info("{} started again", description);
  }

  /** Freezes every process of the container ({@code docker pause}): it keeps its sockets but answers nothing. */
  void pauseServer() {
    if (!isPaused()) {
      getDockerClient().pauseContainerCmd(getContainerId()).exec();
      log.info("{} paused", description);
    }
  }

  /** Thaws a paused container ({@code docker unpause}). */
  void resumeServer() {
    if (isPaused()) {
      getDockerClient().unpauseContainerCmd(getContainerId()).exec();
      log.info("{} resumed", description);
    }
  }

  /** Whether Docker reports the container as paused now. */
  boolean isPaused() {
    if (getContainerId() == null) {
      return false;
    }
    try {
      InspectContainerResponse.ContainerState state = getCurrentContainerInfo().getState();
      return Boolean.TRUE.equals(state.getPaused());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Whether the container runs and is not paused. */
  boolean isServing() {
    return isRunning() && !isPaused();
  }

  /** Removes the container; a paused one is thawed first because Docker refuses to kill a paused container. */
  void remove() {
    try {
      resumeServer();
    } catch (RuntimeException e) {
      // removal below still forces it
    }
    stop();
  }
}
