package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.cql.Statement;

/** Carries the request settings of one statement over to another that replaces it for a different target. */
final class StatementSettings {
  private StatementSettings() {}

  static <S extends Statement<S>> S copy(Statement<?> from, S to) {
    S out = to;
    if (from.getExecutionProfile() != null) {
      out = out.setExecutionProfile(from.getExecutionProfile());
    } else if (from.getExecutionProfileName() != null) {
      out = out.setExecutionProfileName(from.getExecutionProfileName());
    }
    out = out.setConsistencyLevel(from.getConsistencyLevel())
        .setSerialConsistencyLevel(from.getSerialConsistencyLevel())
        .setTimeout(from.getTimeout())
        .setIdempotent(from.isIdempotent())
        .setTracing(from.isTracing())
        .setPageSize(from.getPageSize())
        .setCustomPayload(from.getCustomPayload())
        .setQueryTimestamp(from.getQueryTimestamp())
        .setNowInSeconds(from.getNowInSeconds());
    return out;
  }
}
