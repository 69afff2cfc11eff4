package dev.activeactive.relay.internal;

/**
 * Whether the relay trusts a zone, from its health probes, and when a returning zone must be flushed first.
 *
 * <p>A zone that stopped answering may have missed operations, so it is flushed before it is trusted again; but a
 * flush empties a whole zone, and one probe that misses its deadline on a loaded host is not an outage: a busy zone
 * that answered late once was flushed, erasing keys the relay had applied (seen in RelayProcessIT on a loaded
 * machine). So one missed probe only pauses receiving ({@link State#SUSPECT}); only {@value #MISSES_FOR_OUTAGE}
 * missed probes in a row make an outage ({@link State#NOT_ANSWERING}), after which the zone is flushed when it answers.
 *
 * <p>Not thread-safe: one prober drives it; {@link #state()} may be read from any thread.
 */
final class ZoneTrust {
  /** Missed probes in a row that make an outage, after which the zone is flushed before it is trusted. */
  static final int MISSES_FOR_OUTAGE = 2;

  /** What the relay knows of the zone. */
  enum State {
    /** Not probed yet. */
    CONNECTING,
    /** The last probe was answered: operations are applied. */
    ANSWERING,
    /** One probe was missed: receiving pauses; an answer makes the zone trusted again without a flush. */
    SUSPECT,
    /** Probes were missed in a row (down, frozen, blackholed): receiving pauses; the zone is flushed when it answers. */
    NOT_ANSWERING
  }

  /** What the prober must do after a probe. */
  enum Action {
    /** Nothing beyond the state change. */
    NONE,
    /** The zone just became untrusted: say so (once per outage). */
    REPORT_NOT_ANSWERING,
    /** The zone answers after an outage: flush it, then call {@link #flushed(boolean)}. */
    FLUSH
  }

  private volatile State state = State.CONNECTING;
  private int missesInARow;

  State state() {
    return state;
  }

  boolean isTrusted() {
    return state == State.ANSWERING;
  }

  Action probed(boolean answered) {
    if (!answered) {
      missesInARow++;
      State before = state;
      state = missesInARow >= MISSES_FOR_OUTAGE || before == State.CONNECTING || before == State.NOT_ANSWERING
          ? State.NOT_ANSWERING : State.SUSPECT;
      return state == State.NOT_ANSWERING && before != State.NOT_ANSWERING ? Action.REPORT_NOT_ANSWERING : Action.NONE;
    }
    missesInARow = 0;
    if (state == State.NOT_ANSWERING) {
      return Action.FLUSH;
    }
    state = State.ANSWERING;
    return Action.NONE;
  }

  /** After {@link Action#FLUSH}: trusted when every server was flushed, otherwise the next answer flushes again. */
  void flushed(boolean everyServer) {
    if (everyServer) {
      state = State.ANSWERING;
    }
  }
}
