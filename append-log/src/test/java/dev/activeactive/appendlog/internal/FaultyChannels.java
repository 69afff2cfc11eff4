package dev.activeactive.appendlog.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * Real file channels that fail on cue, the way a disk does: a write that stores only some bytes and then
 * fails (an I/O error or a full disk), an fsync that fails, a truncate that fails.
 */
final class FaultyChannels implements ChannelOpener {
  /** Bytes the next write stores before it fails; -1 when it does not fail. */
  volatile int nextWriteFailsAfter = -1;
  volatile String writeError = "Input/output error";
  volatile boolean nextForceFails;
  volatile boolean truncateFails;

  void failNextWriteAfter(int bytes, String error) {
    nextWriteFailsAfter = bytes;
    writeError = error;
  }

  @Override
  public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
    return new Faulty(FileChannel.open(path, options));
  }

  private final class Faulty extends FileChannel {
    private final FileChannel file;

    Faulty(FileChannel file) {
      this.file = file;
    }

    private int write(ByteBuffer src, long position, boolean positioned) throws IOException {
      int failAfter = nextWriteFailsAfter;
      if (failAfter >= 0) {
        nextWriteFailsAfter = -1;
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + Math.min(failAfter, part.remaining()));
        if (positioned) {
          file.write(part, position);
        } else {
          file.write(part);
        }
        throw new IOException(writeError);
      }
      return positioned ? file.write(src, position) : file.write(src);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return write(src, 0, false);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return write(src, position, true);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (nextForceFails) {
        nextForceFails = false;
        throw new IOException("fsync failed: Input/output error");
      }
      file.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      if (truncateFails) {
        throw new IOException("truncate failed: Input/output error");
      }
      file.truncate(size);
      return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return file.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      throw new UnsupportedOperationException("gathering writes are not used by the log");
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
      throw new UnsupportedOperationException("not used by the log");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return file.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
      throw new UnsupportedOperationException("not used by the log");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}
