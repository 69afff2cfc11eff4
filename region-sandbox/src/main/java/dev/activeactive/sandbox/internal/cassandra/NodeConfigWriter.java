package dev.activeactive.sandbox.internal.cassandra;

import dev.activeactive.sandbox.api.SandboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a node's conf directory: cassandra.yaml, cassandra-rackdc.properties and logback.xml, and creates
 * the directories they point to. The yaml is deliberately small: only what differs from Cassandra 5.0's
 * defaults for a throw-away, small-heap, fast-starting node.
 */
final class NodeConfigWriter {
  private NodeConfigWriter() {}

  static void write(NodeSetup node) {
    try {
      Files.createDirectories(node.confDir());
      Files.createDirectories(node.logDir());
      for (String sub : new String[] {"data", "commitlog", "hints", "saved_caches", "cdc_raw", "triggers"}) {
        Files.createDirectories(node.dir().resolve(sub));
      }
      Files.writeString(yaml(node), cassandraYaml(node), StandardCharsets.UTF_8);
      Files.writeString(rackdc(node), rackdcProperties(node), StandardCharsets.UTF_8);
      Files.writeString(logback(node), logbackXml(node), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SandboxException("Cannot write the configuration of " + node.name() + " under " + node.dir()
          + ": " + e.getMessage(), e);
    }
  }

  static Path yaml(NodeSetup node) {
    return node.confDir().resolve("cassandra.yaml");
  }

  static Path rackdc(NodeSetup node) {
    return node.confDir().resolve("cassandra-rackdc.properties");
  }

  static Path logback(NodeSetup node) {
    return node.confDir().resolve("logback.xml");
  }

  static String cassandraYaml(NodeSetup node) {
    Path dir = node.dir();
    NodePorts ports = node.ports();
    String address = node.spec().address();
    return """
        cluster_name: '%s'
        num_tokens: 1
        initial_token: '%s'
        auto_bootstrap: false
        partitioner: org.apache.cassandra.dht.Murmur3Partitioner
        endpoint_snitch: GossipingPropertyFileSnitch
        seed_provider:
          - class_name: org.apache.cassandra.locator.SimpleSeedProvider
            parameters:
              - seeds: "%s"
        listen_address: %s
        # other datacenters reach this node through its inter-datacenter path (a delay line), see InterDatacenterPaths
        broadcast_address: %s
        rpc_address: %s
        storage_port: %d
        native_transport_port: %d
        start_native_transport: true

        data_file_directories:
          - %s
        commitlog_directory: %s
        hints_directory: %s
        saved_caches_directory: %s
        cdc_raw_directory: %s

        authenticator: AllowAllAuthenticator
        authorizer: AllowAllAuthorizer
        role_manager: CassandraRoleManager
        network_authorizer: AllowAllNetworkAuthorizer

        # durability is not the point of a sandbox; small, lazily synced commit log segments
        commitlog_sync: periodic
        commitlog_sync_period: 10000ms
        commitlog_segment_size: 8MiB
        commitlog_total_space: 128MiB

        # a small heap: keep memtables and caches well inside it
        memtable_heap_space: 64MiB
        memtable_offheap_space: 64MiB
        key_cache_size: 8MiB
        row_cache_size: 0MiB
        counter_cache_size: 0MiB
        file_cache_size: 32MiB
        prepared_statements_cache_size: 8MiB
        concurrent_reads: 8
        concurrent_writes: 8
        concurrent_counter_writes: 4
        concurrent_compactors: 1

        hinted_handoff_enabled: true
        max_hint_window: 3h
        auto_snapshot: false
        snapshot_before_compaction: false
        incremental_backups: false
        """.formatted(
        NodeSetup.CLUSTER_NAME,
        node.initialToken(),
        String.join(",", node.seeds()),
        address,
        node.broadcastAddress(),
        address,
        ports.storage(),
        ports.nativeTransport(),
        dir.resolve("data"),
        dir.resolve("commitlog"),
        dir.resolve("hints"),
        dir.resolve("saved_caches"),
        dir.resolve("cdc_raw"));
  }

  static String rackdcProperties(NodeSetup node) {
    return "dc=" + node.spec().datacenter() + "\nrack=" + node.spec().rack() + "\nprefer_local=false\n";
  }

  /** INFO to a size-capped file only: the console log would otherwise grow without bound. */
  static String logbackXml(NodeSetup node) {
    return """
        <configuration scan="false">
          <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
            <file>%1$s</file>
            <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
              <fileNamePattern>%1$s.%%i</fileNamePattern>
              <minIndex>1</minIndex>
              <maxIndex>2</maxIndex>
            </rollingPolicy>
            <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
              <maxFileSize>10MB</maxFileSize>
            </triggeringPolicy>
            <encoder>
              <pattern>%%-5level [%%thread] %%date{ISO8601} %%F:%%L - %%msg%%n</pattern>
            </encoder>
          </appender>
          <root level="INFO">
            <appender-ref ref="FILE"/>
          </root>
        </configuration>
        """.formatted(node.systemLog());
  }
}
