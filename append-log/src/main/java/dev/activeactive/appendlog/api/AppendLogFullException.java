package dev.activeactive.appendlog.api;

import java.io.IOException;

/** An append was refused because the log holds {@link AppendLogOptions#maxBytes()} already; nothing was written. */
public final class AppendLogFullException extends IOException {
  public AppendLogFullException(String message) {
    super(message);
  }
}
