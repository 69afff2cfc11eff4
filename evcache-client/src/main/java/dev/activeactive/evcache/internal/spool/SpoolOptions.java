package dev.activeactive.evcache.internal.spool;

/**
 * Limits and durability of a {@link DiskSpool}.
 *
 * @param maxBytes the most disk space all segment files together may take; an append beyond it fails with
 *     {@link SpoolFullException}
 * @param segmentBytes the size at which a segment is closed and a new one started; acknowledged segments are
 *     deleted whole, so smaller segments reclaim space sooner
 * @param maxRecordBytes the largest record; also bounds what a corrupt length field can make the reader allocate
 * @param syncEveryAppend {@code fsync} after every append. Without it a process crash (kill -9) still loses
 *     nothing, because written bytes sit in the OS page cache; only an OS crash or power loss may lose or tear
 *     the newest records, which the per-record CRC then detects
 */
public record SpoolOptions(long maxBytes, int segmentBytes, int maxRecordBytes, boolean syncEveryAppend) {

  /** Validates the limits against each other. */
  public SpoolOptions {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("maxRecordBytes must be positive: " + maxRecordBytes);
    }
    if (segmentBytes < DiskSpool.SEGMENT_HEADER_BYTES + DiskSpool.RECORD_HEADER_BYTES + maxRecordBytes) {
      throw new IllegalArgumentException("segmentBytes " + segmentBytes + " cannot hold a record of "
          + maxRecordBytes + " bytes");
    }
    if (maxBytes < segmentBytes) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " is smaller than one segment (" + segmentBytes
          + ")");
    }
  }

  /** Room for records of up to 512 KiB, 8 MiB segments, no fsync per append. */
  public static SpoolOptions ofMaxBytes(long maxBytes) {
    return new SpoolOptions(maxBytes, 8 * 1024 * 1024, 512 * 1024, false);
  }
}
