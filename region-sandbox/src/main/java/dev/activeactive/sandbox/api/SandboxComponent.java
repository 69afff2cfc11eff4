package dev.activeactive.sandbox.api;

/**
 * The kinds of server the sandbox runs. memcached and SQS start in about a second; Cassandra takes most of a
 * minute, so it starts only when a caller {@linkplain RegionSandbox#require requires} it.
 */
public enum SandboxComponent {
  /** Two memcached processes per region, one per zone. */
  MEMCACHED,
  /** One SQS-compatible server (ElasticMQ, in-process) per region with its replication and dead-letter queue. */
  SQS,
  /** One Apache Cassandra 5.0 node per region, each its own datacenter of one cluster, in forked JVMs. */
  CASSANDRA
}
