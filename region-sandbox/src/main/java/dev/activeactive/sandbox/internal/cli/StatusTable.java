package dev.activeactive.sandbox.internal.cli;

import dev.activeactive.sandbox.api.ServerStatus;
import java.io.PrintStream;
import java.util.List;

/** Prints servers as an aligned table. */
final class StatusTable {
  private StatusTable() {}

  static void print(List<ServerStatus> servers, PrintStream out) {
    String format = "%-10s %-11s %-28s %-22s %s%n";
    out.printf(format, "REGION", "KIND", "NAME", "ADDRESS", "STATE");
    for (ServerStatus s : servers) {
      out.printf(format, s.region(), s.kind(), s.name(), s.address(), s.state());
    }
  }
}
