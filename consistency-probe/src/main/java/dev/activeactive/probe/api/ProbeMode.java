package dev.activeactive.probe.api;

/** Which path the probe measures. */
public enum ProbeMode {
  /** Write Cassandra in one datacenter, read it in the other. */
  CASSANDRA,
  /** Write through evcache-client in one region, read the other region's cache after the relay applied it. */
  CACHE,
  /** Both, one after the other, with one result each. */
  BOTH
}
