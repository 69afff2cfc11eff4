package dev.activeactive.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.activeactive.dualwrite.api.DualWriter;
import dev.activeactive.dualwrite.api.WriteMode;
import dev.activeactive.sandbox.api.RegionSandbox;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import dev.activeactive.sandbox.api.SandboxComponent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's safe session and dual writer from properties alone, on the sandbox's Cassandra (here rather than in
 * the starter's module so that one test JVM starts Cassandra once, for this and the sample's IT).
 */
@RegionSandboxTest(components = {SandboxComponent.MEMCACHED, SandboxComponent.SQS, SandboxComponent.CASSANDRA})
class StarterDualWriterIT {

  private static final Duration DDL = Duration.ofSeconds(60);

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class NothingOfItsOwn {}

  @Test
  void aWriteThroughTheConfiguredDualWriterLandsInBothKeyspaces(RegionSandbox sandbox, @TempDir Path log) {
    InetSocketAddress node = sandbox.region("us-east-1").cassandraNode().orElseThrow().contactPoint();
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NothingOfItsOwn.class).run(
        "--spring.main.web-application-type=none",
        "--spring.main.banner-mode=off",
        "--active-active.region=us-east-1",
        // command-line arguments: they win over the sample's application.yml (on this classpath), whose relay
        // is not wanted here
        "--active-active.relay.enabled=false",
        "--active-active.cassandra.contact-points=" + node.getHostString() + ":" + node.getPort(),
        "--active-active.cassandra.dual-write.primary.name=islands",
        "--active-active.cassandra.dual-write.primary.keyspace=dw_islands",
        "--active-active.cassandra.dual-write.secondary.name=merged",
        "--active-active.cassandra.dual-write.secondary.keyspace=dw_merged",
        "--active-active.cassandra.dual-write.failed-write-log=" + log)) {
      CqlSession session = context.getBean(CqlSession.class);
      for (String ks : new String[] {"dw_islands", "dw_merged"}) {
        ddl(session, "CREATE KEYSPACE IF NOT EXISTS " + ks + " WITH replication = {'class':"
            + " 'NetworkTopologyStrategy', 'us-east-1': 1, 'us-west-2': 1}");
        ddl(session, "CREATE TABLE IF NOT EXISTS " + ks + ".kv (k text PRIMARY KEY, v text)");
      }
      DualWriter writer = context.getBean(DualWriter.class);
      assertThat(writer.mode()).isEqualTo(WriteMode.DUAL);
      assertThat(writer.primary().name()).isEqualTo("islands");

      String key = UUID.randomUUID().toString();
      writer.write(SimpleStatement.newInstance("INSERT INTO kv (k, v) VALUES (?, ?)", key, "both"));

      for (String ks : new String[] {"dw_islands", "dw_merged"}) {
        Row row = session.execute(SimpleStatement.newInstance("SELECT v, WRITETIME(v) FROM " + ks
            + ".kv WHERE k = ?", key)).one();
        assertThat(row).as(ks).isNotNull();
        assertThat(row.getString(0)).isEqualTo("both");
      }
      assertThat(session.execute(SimpleStatement.newInstance("SELECT WRITETIME(v) FROM dw_islands.kv WHERE k = ?",
          key)).one().getLong(0)).as("the same write timestamp on both targets").isEqualTo(session.execute(
              SimpleStatement.newInstance("SELECT WRITETIME(v) FROM dw_merged.kv WHERE k = ?", key)).one()
              .getLong(0));
    }
  }

  private static void ddl(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL));
  }
}
