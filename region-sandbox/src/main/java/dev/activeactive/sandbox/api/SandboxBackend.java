package dev.activeactive.sandbox.api;

/**
 * How a sandbox runs its servers. Choose one with {@link RegionSandboxBuilder#backend(SandboxBackend)}, or for
 * every sandbox of a JVM with the system property {@code activeactive.sandbox.backend} or the environment
 * variable {@code ACTIVEACTIVE_SANDBOX_BACKEND} ({@code process}, {@code containers} or {@code auto}).
 *
 * <p>Both backends give the same topology and the same fault handles; only where the servers live differs.
 */
public enum SandboxBackend {
  /**
   * Local processes: memcached from the PATH, ElasticMQ inside this JVM, Cassandra in forked JVMs. Needs
   * {@code memcached} installed; it is the default and the one CI runs.
   */
  PROCESS,
  /**
   * Docker containers started through Testcontainers ({@code memcached}, {@code softwaremill/elasticmq-native},
   * {@code cassandra} images). Needs a running Docker engine and nothing else installed.
   */
  CONTAINERS,
  /**
   * {@link #PROCESS} when its prerequisites are installed, otherwise {@link #CONTAINERS} when Docker is
   * available, otherwise {@link #PROCESS}, whose error then says what to install.
   */
  AUTO
}
