package dev.activeactive.appendlog.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Keeps a second log, in this process or another, out of a folder. */
final class DirectoryLock {
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path directory) throws IOException {
    FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("The append log " + directory + " is open in another writer or process; "
          + "give each writer its own folder, or close the other one first");
    }
    return new DirectoryLock(channel, lock);
  }

  void release() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
