package dev.activeactive.appendlog.bench;

import dev.activeactive.appendlog.api.AppendLog;
import dev.activeactive.appendlog.api.AppendLogOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Benchmark harness (not a test): durable appends through {@link AppendLog} against a baseline of bare
 * {@code FileChannel.write} + {@code force(false)} of the same bytes to one file, in alternating blocks of the
 * same run, and a full read of the log against {@code Files.readAllBytes} of its files.
 *
 * <p>Arguments: [records per block, default 2000] [record bytes, default 300] [blocks per side, default 3]
 * [folder, default a temporary one].
 */
public final class AppendLogBenchmark {
  public static void main(String[] args) throws IOException {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path root = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("append-log-bench");
    ByteBuffer payload = ByteBuffer.wrap(new byte[size]);
    double[] bare = new double[blocks];
    double[] logged = new double[blocks];
    double[] readBare = new double[blocks];
    double[] readLog = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      Path bareFile = root.resolve("bare-" + b);
      long start = System.nanoTime();
      try (FileChannel out = FileChannel.open(bareFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (int i = 0; i < records; i++) {
          ByteBuffer p = payload.duplicate();
          while (p.hasRemaining()) {
            out.write(p);
          }
          out.force(false);
        }
      }
      bare[b] = records / seconds(start);

      Path logDir = root.resolve("log-" + b);
      start = System.nanoTime();
      try (AppendLog log = AppendLog.open(AppendLogOptions.builder(logDir).build())) {
        for (int i = 0; i < records; i++) {
          log.append(payload);
        }
      }
      logged[b] = records / seconds(start);

      start = System.nanoTime();
      long bytes = Files.readAllBytes(bareFile).length;
      readBare[b] = bytes / seconds(start) / 1e6;
      start = System.nanoTime();
      long read = 0;
      try (AppendLog log = AppendLog.open(AppendLogOptions.builder(logDir).build())) {
        for (long segment : log.seal()) {
          read += log.read(segment).records().size();
        }
      }
      if (read != records) {
        throw new IllegalStateException("read " + read + " of " + records + " records");
      }
      readLog[b] = bytes / seconds(start) / 1e6;
      System.out.printf("block %d: bare %.0f appends/s, append log %.0f appends/s (%.2f); read bare %.0f MB/s, "
          + "append log %.0f MB/s (%.2f)%n", b, bare[b], logged[b], logged[b] / bare[b], readBare[b], readLog[b],
          readLog[b] / readBare[b]);
    }
    System.out.printf("median: append log / bare appends = %.2f, reads = %.2f (%d records of %d bytes)%n",
        median(logged) / median(bare), median(readLog) / median(readBare), records, size);
    if (args.length <= 3) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
