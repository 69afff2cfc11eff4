package dev.activeactive.spring.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code cassandraLocalDc}: UP while at least one node of the session's local datacenter is UP in the driver's
 * view; DOWN otherwise. The safe session never sends a local-consistency request to another datacenter, so with
 * no local node up every request fails. Details: the local datacenter and each of its nodes' states.
 */
public final class CassandraLocalDcHealthIndicator implements HealthIndicator {

  private final CqlSession session;
  private final String localDatacenter;

  /**
   * @param localDatacenter the session's local datacenter as configured, or null to read the driver's
   *     configuration ({@code basic.load-balancing-policy.local-datacenter}); when neither names one, every node
   *     counts
   */
  public CassandraLocalDcHealthIndicator(CqlSession session, String localDatacenter) {
    this.session = session;
    this.localDatacenter = localDatacenter;
  }

  @Override
  public Health health() {
    String dc = localDatacenter != null ? localDatacenter : session.getContext().getConfig().getDefaultProfile()
        .getString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, null);
    Map<String, String> nodes = new TreeMap<>();
    int up = 0;
    for (Node node : session.getMetadata().getNodes().values()) {
      if (dc == null || dc.equals(node.getDatacenter())) {
        nodes.put(node.getEndPoint().toString(), node.getState().name());
        up += node.getState() == NodeState.UP ? 1 : 0;
      }
    }
    Health.Builder health = up > 0 ? Health.up() : Health.down();
    return health.withDetail("localDatacenter", dc == null ? "not configured (any)" : dc).withDetail("nodes", nodes)
        .build();
  }
}
