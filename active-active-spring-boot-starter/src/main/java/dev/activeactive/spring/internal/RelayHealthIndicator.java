package dev.activeactive.spring.internal;

import dev.activeactive.relay.api.InvalidationRelay;
import dev.activeactive.relay.api.RelayStats;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code invalidationRelay}: UP while the embedded relay polls its queue and every zone answers its probe
 * ({@link InvalidationRelay#isReady()}); DOWN otherwise (then messages wait in the queue, nothing is lost).
 */
public final class RelayHealthIndicator implements HealthIndicator {

  private final InvalidationRelay relay;

  public RelayHealthIndicator(InvalidationRelay relay) {
    this.relay = relay;
  }

  @Override
  public Health health() {
    RelayStats stats = relay.stats();
    Health.Builder health = relay.isReady() ? Health.up() : Health.down();
    return health.withDetail("region", relay.config().region())
        .withDetail("queue", relay.config().queue())
        .withDetail("messagesApplied", stats.messagesApplied())
        .withDetail("messagesRetried", stats.messagesRetried())
        .withDetail("messagesRejected", stats.rejectedTotal())
        .build();
  }
}
