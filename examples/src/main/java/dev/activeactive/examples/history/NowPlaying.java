package dev.activeactive.examples.history;

/**
 * What a user is watching right now: a small blob that lives only in the cache (no database behind it) and is
 * replicated by value to the other regions, so a user who moves between regions sees it at once.
 *
 * @param user the user's id
 * @param title the title's id
 * @param writtenIn the region whose service took the write
 */
public record NowPlaying(String user, String title, String writtenIn) {

  /** Validates the ids. */
  public NowPlaying {
    Ids.require("user", user);
    Ids.require("title", title);
  }
}
