package dev.activeactive.examples.history;

/**
 * One row of a user's viewing history: how far the user got into a title, which region took the write, and the
 * write's timestamp, which is both the Cassandra write time of the row and the version of its cache entry.
 *
 * @param user the user's id
 * @param title the title's id
 * @param positionSeconds the playback position, in seconds from the start of the title
 * @param writtenIn the region whose service took the write
 * @param writeTimeMicros the write time, in microseconds since the epoch
 */
public record HistoryEntry(String user, String title, long positionSeconds, String writtenIn, long writeTimeMicros) {

  /** Validates the ids and the position. */
  public HistoryEntry {
    Ids.require("user", user);
    Ids.require("title", title);
    if (positionSeconds < 0) {
      throw new IllegalArgumentException("positionSeconds must not be negative: " + positionSeconds);
    }
  }
}
