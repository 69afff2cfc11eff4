package dev.activeactive.dualwrite.internal.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.activeactive.dualwrite.api.Target;

/** The source and destination targets of a CLI run, and the sessions to close at its end. */
final class Sessions implements AutoCloseable {
  final CqlSession source;
  final CqlSession destination;
  final Target sourceTarget;
  final Target destinationTarget;

  Sessions(ConnectionOptions options) {
    this.source = options.sourceSession();
    this.destination = options.separateDestination() ? options.destinationSession() : source;
    this.sourceTarget = Target.of("source", source, options.sourceKeyspace);
    this.destinationTarget = Target.of("destination", destination, options.destinationKeyspace);
  }

  @Override
  public void close() {
    if (destination != source) {
      destination.close();
    }
    source.close();
  }
}
