package dev.activeactive.dualwrite.internal.metrics;

import java.util.Locale;

/** What a request to a target was for; the {@code operation} tag of the metrics. */
public enum Operation {
  WRITE,
  READ,
  SHADOW_READ,
  REPLAY;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
