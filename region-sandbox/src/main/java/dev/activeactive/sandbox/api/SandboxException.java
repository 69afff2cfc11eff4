package dev.activeactive.sandbox.api;

/**
 * The sandbox could not do what was asked: a prerequisite is missing (no {@code memcached} on the PATH, a
 * JDK that Cassandra cannot run on), a port is taken, or a server did not come up in time. The message says
 * what happened and what to do about it.
 */
public class SandboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure with nothing underneath (a missing prerequisite, a server that did not come up in time).
   *
   * @param message what happened and what to do about it, as the user will read it
   */
  public SandboxException(String message) {
    super(message);
  }

  /**
   * A failure caused by another (a process that would not start, an I/O error).
   *
   * @param message what happened and what to do about it, as the user will read it
   * @param cause the failure underneath (a process that would not start, an I/O error), kept for the stack trace
   */
  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
