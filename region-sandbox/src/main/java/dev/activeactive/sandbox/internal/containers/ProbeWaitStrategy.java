package dev.activeactive.sandbox.internal.containers;

import java.util.function.BooleanSupplier;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Lets Testcontainers' {@code start()} wait on one of the sandbox's own {@link Readiness} probes, so that a
 * container counts as started exactly when a client could use it, and the same probe serves again after a
 * fault handle restarts the container.
 */
final class ProbeWaitStrategy extends AbstractWaitStrategy {
  private final String what;
  private final BooleanSupplier ready;

  ProbeWaitStrategy(String what, BooleanSupplier ready) {
    this.what = what;
    this.ready = ready;
  }

  @Override
  protected void waitUntilReady() {
    Readiness.await(what, startupTimeout, ready);
  }
}
