package dev.activeactive.appendlog.api;

import java.io.IOException;

/** An append was refused because the log holds {@link AppendLogOptions#maxBytes()} already; nothing was written. */
public final class AppendLogFullException extends IOException {
  /**
   * Raised by an append when the log already holds its size limit; nothing of that append was written.
   *
   * @param message how full the log is and its limit, so the caller can tell an operator what to free or raise
   */
  public AppendLogFullException(String message) {
    super(message);
  }
}
