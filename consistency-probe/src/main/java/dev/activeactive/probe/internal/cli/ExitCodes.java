package dev.activeactive.probe.internal.cli;

/** The probe's exit codes, for deployment pipelines that use it as a gate. */
final class ExitCodes {
  /** The run passed its gate. */
  static final int PASSED = 0;
  /** The run completed and failed its gate (too many records missing, too few reads on time, stale entries). */
  static final int GATE_FAILED = 1;
  /** The command line or config file was wrong; nothing ran. */
  static final int BAD_USAGE = 2;
  /** The run could not be done: the cluster was unreachable, authentication failed, the sandbox did not start. */
  static final int COULD_NOT_RUN = 3;

  private ExitCodes() {}
}
