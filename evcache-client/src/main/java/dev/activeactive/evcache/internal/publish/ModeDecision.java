package dev.activeactive.evcache.internal.publish;

/**
 * The rules for a region publisher's next {@link PublisherMode}, as a pure function of what the publisher thread
 * knows; {@link RegionWork} applies the result (and is the only caller).
 */
final class ModeDecision {

  private ModeDecision() {}

  /**
   * @param current the mode now
   * @param closeRequested whether close was called
   * @param hasSpool whether the publisher has a spool (SPOOLING needs one)
   * @param requestFailed whether a request failed since the last decision, or the last one failed
   * @param overHalfFull whether the memory buffer holds more than half its limit
   * @param replayCaughtUp whether every spooled record has been sent
   * @param readyEmpty whether no cut message waits in memory
   */
  static PublisherMode next(PublisherMode current, boolean closeRequested, boolean hasSpool, boolean requestFailed,
      boolean overHalfFull, boolean replayCaughtUp, boolean readyEmpty) {
    if (closeRequested && current.accepting()) {
      return PublisherMode.CLOSING;
    }
    if (current == PublisherMode.DIRECT && hasSpool && (requestFailed || overHalfFull)) {
      return PublisherMode.SPOOLING;
    }
    if (current == PublisherMode.SPOOLING && !requestFailed && replayCaughtUp && readyEmpty && !overHalfFull) {
      return PublisherMode.DIRECT;
    }
    return current;
  }
}
