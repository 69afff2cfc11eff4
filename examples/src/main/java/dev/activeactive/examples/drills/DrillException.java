package dev.activeactive.examples.drills;

/** A drill could not even get to its failure: the set-up (seeding, a server coming back) did not work out. */
public final class DrillException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With what went wrong. */
  public DrillException(String message) {
    super(message);
  }
}
