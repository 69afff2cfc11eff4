package dev.activeactive.relay.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each rejected message once, although SQS hands it back several times before the redrive policy moves
 * it to the dead-letter queue. Remembers a bounded number of message ids. Logs the reason, never the body.
 */
final class RejectLog {
  private static final Logger log = LoggerFactory.getLogger(RejectLog.class);
  private static final int REMEMBERED = 10_000;

  private final Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  });

  void rejected(String messageId, String reason, String detail) {
    boolean first;
    synchronized (seen) {
      first = seen.add(messageId);
    }
    if (first) {
      log.warn("rejected message {}: {} ({}); it is not applied and goes to the dead-letter queue", messageId,
          reason, detail);
    }
  }
}
