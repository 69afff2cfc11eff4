package dev.activeactive.sandbox.internal.cassandra;

/**
 * The TCP ports of one node. The storage (inter-node) port is the same on every node because Cassandra
 * dials its peers on its own configured storage port; native and JMX ports differ per node.
 */
record NodePorts(int storage, int nativeTransport, int jmx) {}
