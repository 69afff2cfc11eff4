package dev.activeactive.evcache.internal.spool;

import java.io.IOException;

/**
 * The spool has no room for a record: its byte limit would be exceeded. The caller applies its explicit overflow
 * policy (block, drop and count, or fail); the spool itself never drops anything.
 */
public final class SpoolFullException extends IOException {
  private static final long serialVersionUID = 1L;

  SpoolFullException(String message) {
    super(message);
  }
}
