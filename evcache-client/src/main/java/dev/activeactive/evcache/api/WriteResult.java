package dev.activeactive.evcache.api;

/**
 * The outcome of a {@code set} or {@code delete} that completed under the client's
 * {@link WriteCompletion write completion policy}.
 *
 * @param versionMicros the write's version timestamp (microseconds since the epoch), from the client's clock or
 *     {@link WriteOptions#version(long)}; the version's region is the client's region
 * @param superseded {@code true} when every zone that answered already held a newer version (a value or a
 *     tombstone, typically from another region), so this write did not change them; also {@code true} for a
 *     conditional write that waited behind another write of the same key from this client and was overtaken by
 *     a newer one (only the newest waiting write of a key runs: a client never contends with itself); always
 *     {@code false} for {@link LocalWriteMode#UNCONDITIONAL} sets. A write that ran is published either way
 *     (remote regions apply it only if it is newer than what they hold); an overtaken one is covered by the newer
 *     write's publication.
 */
public record WriteResult(long versionMicros, boolean superseded) {}
