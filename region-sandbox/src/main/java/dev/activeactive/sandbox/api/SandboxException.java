package dev.activeactive.sandbox.api;

/**
 * The sandbox could not do what was asked: a prerequisite is missing (no {@code memcached} on the PATH, a
 * JDK that Cassandra cannot run on), a port is taken, or a server did not come up in time. The message says
 * what happened and what to do about it.
 */
public class SandboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
