package dev.activeactive.examples.history;

/**
 * The outcome of setting what a user is watching.
 *
 * @param value what was written
 * @param versionMicros the cache write's version (the client's hybrid logical clock); with the writing region it
 *     orders this write against writes to the same user in every region: the largest (version, region) wins
 * @param superseded whether this region's cache already held a newer write (typically replicated from another
 *     region), so the value stored locally did not change
 */
public record NowPlayingWrite(NowPlaying value, long versionMicros, boolean superseded) {}
