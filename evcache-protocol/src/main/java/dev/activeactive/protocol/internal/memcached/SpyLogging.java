package dev.activeactive.protocol.internal.memcached;

/**
 * Sends spymemcached's own log lines through SLF4J, so they reach whatever backend the application chose.
 *
 * <p>spymemcached picks its logger once, from the {@code net.spy.log.LoggerImpl} system property, and without it
 * prints to stderr in its own format: an application embedding the client or the relay saw every reconnect as an
 * unformatted stderr line beside its own log. An application that set the property keeps its choice.
 */
public final class SpyLogging {
  static final String PROPERTY = "net.spy.log.LoggerImpl";
  static final String SLF4J = "net.spy.memcached.compat.log.SLF4JLogger";

  private SpyLogging() {}

  /** Must run before spymemcached logs for the first time, that is before the first client is created. */
  public static void routeToSlf4jUnlessChosen() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, SLF4J);
    }
  }
}
