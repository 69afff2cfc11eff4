package dev.activeactive.dualwrite.api;

/**
 * Entry point for a {@link com.datastax.oss.driver.api.core.CqlSession} with the defaults an active-active
 * service wants: a named local datacenter, {@code LOCAL_QUORUM} for reads and writes, {@code LOCAL_SERIAL} for
 * lightweight transactions, and no remote datacenter on the request path of a local consistency level.
 *
 * <pre>{@code
 * CqlSession session = SafeSession.builder()
 *     .addContactPoint(new InetSocketAddress("10.0.0.1", 9042))
 *     .localDatacenter("us-east-1")
 *     .build();
 * session.execute("SELECT * FROM ks.users WHERE id = ?", id);   // runs at LOCAL_QUORUM
 * }</pre>
 *
 * <p>The result is a plain driver session: statements that set their own consistency level keep it, and
 * everything else in the driver's {@code application.conf} still applies. See {@link SafeSessionBuilder} for
 * the rules.
 */
public final class SafeSession {
  private SafeSession() {}

  /** A new builder; see {@link SafeSessionBuilder}. */
  public static SafeSessionBuilder builder() {
    return new SafeSessionBuilder();
  }
}
