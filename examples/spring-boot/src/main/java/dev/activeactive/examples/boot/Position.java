package dev.activeactive.examples.boot;

/**
 * How far a user got into a title, and the region that took the write. Cached as {@code seconds|region}: the
 * same text in every region.
 *
 * @param seconds the playback position
 * @param writtenIn the region whose service took the write
 */
public record Position(long seconds, String writtenIn) {

  String encode() {
    return seconds + "|" + writtenIn;
  }

  static Position decode(String text) {
    int bar = text.indexOf('|');
    return new Position(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
  }
}
