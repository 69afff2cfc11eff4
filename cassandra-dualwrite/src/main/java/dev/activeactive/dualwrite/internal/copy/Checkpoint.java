package dev.activeactive.dualwrite.internal.copy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ranges a job has finished, in a text file: a header naming the job, then one {@code start,end} line per
 * finished range, each forced to disk. A job given the same file after a stop or crash skips those ranges. A
 * line torn by a crash is ignored (its range is simply done again, which copying allows).
 */
public final class Checkpoint implements AutoCloseable {
  private static final String HEADER = "# cassandra-dualwrite checkpoint: ";

  private final Path file;
  private final Set<TokenRange> done;
  private final FileChannel out;

  private Checkpoint(Path file, Set<TokenRange> done, FileChannel out) {
    this.file = file;
    this.done = done;
    this.out = out;
  }

  /**
   * Opens or creates the checkpoint of a job.
   *
   * @param job describes the job (tables, targets, split count); a file written for another job is refused
   */
  public static Checkpoint open(Path file, String job) {
    String header = HEADER + job;
    try {
      Set<TokenRange> done = new HashSet<>();
      if (Files.exists(file) && Files.size(file) > 0) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (!lines.get(0).equals(header)) {
          throw new IllegalStateException("Checkpoint " + file + " belongs to another job ('"
              + lines.get(0).replace(HEADER, "") + "', this job is '" + job + "'). Give this job its own file, "
              + "or delete that one to start over.");
        }
        for (String line : lines.subList(1, lines.size())) {
          try {
            done.add(TokenRange.decode(line));
          } catch (IllegalArgumentException torn) {
            // a crash in the middle of a line: that range is not done
          }
        }
      } else {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
      }
      FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      // a torn last line must not glue itself to the next range written
      if (Files.size(file) > 0 && lastByte(file) != '\n') {
        out.write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
      return new Checkpoint(file, done, out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static int lastByte(Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      in.read(one, in.size() - 1);
      return one.get(0);
    }
  }

  public synchronized boolean isDone(TokenRange range) {
    return done.contains(range);
  }

  public synchronized int doneCount() {
    return done.size();
  }

  /** Records a finished range durably. */
  public synchronized void markDone(TokenRange range) {
    try {
      out.write(ByteBuffer.wrap((range.encode() + "\n").getBytes(StandardCharsets.UTF_8)));
      out.force(false);
      done.add(range);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close checkpoint " + file + ": " + e.getMessage(), e);
    }
  }
}
