package dev.activeactive.appendlog.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an {@link AppendLog} is laid out and bounded. Immutable; build with {@link #builder(Path)}.
 *
 * @param directory the folder of the segment files, created if missing; one log per folder
 * @param filePrefix segment files are named {@code <prefix>-<20-digit number>.seg}; letters, digits, {@code -}
 *     and {@code _}
 * @param segmentBytes a segment is closed and a new one started once it reaches this size
 * @param maxBytes appends fail with {@link AppendLogFullException} beyond this total size of segment files
 * @param syncEveryAppend whether {@link AppendLog#append} forces every record to the device before returning
 *     (the default). Without it a record is in the OS page cache when append returns: it survives the process
 *     being killed (kill -9, OOM, container stop) but not a power loss or an OS crash, which may lose or tear the
 *     newest records (the per-record CRC then detects them). Segment headers and directory changes are still
 *     forced, and so is the active segment when it is closed
 */
public record AppendLogOptions(Path directory, String filePrefix, long segmentBytes, long maxBytes,
    boolean syncEveryAppend) {
  /** 16 MiB: a consumer holds at most one segment's records in memory. */
  public static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;
  /** No practical bound unless one is given. */
  public static final long DEFAULT_MAX_BYTES = Long.MAX_VALUE;
  /** The largest record; a frame claiming more is treated as damage. */
  public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]+");

  /**
   * Checks the options; {@link #builder} gives the defaults and is the usual way in.
   *
   * @throws IllegalArgumentException for a file prefix other than letters, digits, '-' and '_' (it names files),
   *     or a segment or total size that is not positive
   */
  public AppendLogOptions {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(filePrefix, "filePrefix");
    if (!PREFIX.matcher(filePrefix).matches()) {
      throw new IllegalArgumentException("filePrefix must be letters, digits, '-' or '_', got '" + filePrefix + "'");
    }
    if (segmentBytes < 1) {
      throw new IllegalArgumentException("segmentBytes must be positive, got " + segmentBytes);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
  }

  /** Options for a log in {@code directory}, with prefix {@code segment} and the defaults above. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** Builds {@link AppendLogOptions}; not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private String filePrefix = "segment";
    private long segmentBytes = DEFAULT_SEGMENT_BYTES;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private boolean syncEveryAppend = true;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The segment file name prefix; {@code segment} by default. */
    public Builder filePrefix(String prefix) {
      this.filePrefix = prefix;
      return this;
    }

    /** The size at which a segment is closed; {@link #DEFAULT_SEGMENT_BYTES} by default. */
    public Builder segmentBytes(long bytes) {
      this.segmentBytes = bytes;
      return this;
    }

    /** The bound on the total size of segment files; none by default. */
    public Builder maxBytes(long bytes) {
      this.maxBytes = bytes;
      return this;
    }

    /**
     * Whether every append is forced to the device before it returns; {@code true} by default. {@code false}
     * trades power-loss durability for append speed: see {@link AppendLogOptions#syncEveryAppend()}.
     */
    public Builder syncEveryAppend(boolean sync) {
      this.syncEveryAppend = sync;
      return this;
    }

    /**
     * The options as set; fails as the {@link AppendLogOptions} constructor does, naming the first bad one.
     */
    public AppendLogOptions build() {
      return new AppendLogOptions(directory, filePrefix, segmentBytes, maxBytes, syncEveryAppend);
    }
  }
}
