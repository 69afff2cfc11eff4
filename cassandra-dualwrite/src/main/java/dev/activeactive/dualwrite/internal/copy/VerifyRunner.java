package dev.activeactive.dualwrite.internal.copy;

import dev.activeactive.dualwrite.api.RowDifference;
import dev.activeactive.dualwrite.api.VerifyReport;
import dev.activeactive.dualwrite.api.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a table on both sides range by range: each range is read from both into memory, compared row by
 * row and cell by cell ({@link RowDiffer}), and, when asked, repaired by copying each winning cell to the side
 * that lacks it. Memory per range is the range's rows on both sides: choose enough splits for big tables.
 */
public final class VerifyRunner {
  private static final Logger log = LoggerFactory.getLogger(VerifyRunner.class);

  private final CopyOptions options;
  private final boolean repair;
  private final int maxSamples;
  private final Consumer<VerifyReport> progress;
  private final ParallelRanges ranges = new ParallelRanges();

  public VerifyRunner(CopyOptions options, boolean repair, int maxSamples, Consumer<VerifyReport> progress) {
    this.options = options;
    this.repair = repair;
    this.maxSamples = maxSamples;
    this.progress = progress;
  }

  public void stop() {
    ranges.stop();
  }

  public VerifyReport run() {
    long start = System.nanoTime();
    TableShape shape = options.shape();
    RangeScanner scanner = new RangeScanner(shape, options.pageSize(), options.requestTimeout());
    CellWriter writer = new CellWriter(shape, options.requestTimeout());
    KeyFormatter keys = new KeyFormatter(shape, options.source().session().getContext().getCodecRegistry(),
        options.source().session().getContext().getProtocolVersion());
    Tally tally = new Tally(options.meterRegistry(), options);
    List<RowDifference> samples = Collections.synchronizedList(new ArrayList<>());
    List<TokenRange> all = TokenRange.split(options.splits());
    boolean finished = ranges.run(all, options.parallelism(), "dualwrite-verify", range -> {
      Map<RowKey, CellsRow> source = read(scanner, options.source(), range);
      Map<RowKey, CellsRow> destination = read(scanner, options.destination(), range);
      tally.sourceRows.addAndGet(source.size());
      tally.destinationRows.addAndGet(destination.size());
      List<RowDiffer.Difference> differences = RowDiffer.diff(source, destination);
      List<CompletableFuture<Integer>> repairs = new ArrayList<>();
      for (RowDiffer.Difference difference : differences) {
        tally.count(difference.kind());
        synchronized (samples) {
          if (samples.size() < maxSamples) {
            samples.add(new RowDifference(keys.format(difference.key()), difference.kind(), difference.columns()));
          }
        }
        if (repair) {
          repairs.add(copy(writer, options.destination(), difference.toDestination()));
          repairs.add(copy(writer, options.source(), difference.toSource()));
        }
      }
      for (CompletableFuture<Integer> r : repairs) {
        tally.cellsRepaired.addAndGet(r.join());
      }
      tally.rangesChecked.incrementAndGet();
      progress.accept(tally.report(samples, start, false));
    });
    VerifyReport report = tally.report(samples, start, finished);
    log.info("Verify {}: {} ranges, {} / {} rows, {} missing in destination, {} missing in source, {} differing, "
        + "{} cells repaired", options.describe(), report.rangesChecked(), report.sourceRows(),
        report.destinationRows(), report.missingInDestination(), report.missingInSource(), report.differing(),
        report.cellsRepaired());
    return report;
  }

  private static Map<RowKey, CellsRow> read(RangeScanner scanner, Target side, TokenRange range) {
    Map<RowKey, CellsRow> rows = new LinkedHashMap<>();
    scanner.scan(side, range, row -> rows.put(row.key(), row));
    return rows;
  }

  private static CompletableFuture<Integer> copy(CellWriter writer, Target side, CellsRow cells) {
    if (cells == null) {
      return CompletableFuture.completedFuture(0);
    }
    // count cells, not inserts: a key-only row counts as one
    int count = Math.max(1, cells.cells().size());
    return writer.write(side, cells).toCompletableFuture().thenApply(inserts -> count);
  }

  /** Running totals, and their counters when a registry is given. */
  private static final class Tally {
    final AtomicInteger rangesChecked = new AtomicInteger();
    final AtomicLong sourceRows = new AtomicLong();
    final AtomicLong destinationRows = new AtomicLong();
    final Map<RowDifference.Kind, AtomicLong> byKind = new java.util.EnumMap<>(RowDifference.Kind.class);
    final AtomicLong cellsRepaired = new AtomicLong();
    final Map<RowDifference.Kind, Counter> counters = new java.util.EnumMap<>(RowDifference.Kind.class);

    Tally(MeterRegistry registry, CopyOptions options) {
      for (RowDifference.Kind kind : RowDifference.Kind.values()) {
        byKind.put(kind, new AtomicLong());
        if (registry != null) {
          counters.put(kind, Counter.builder("dualwrite.verify.differences")
              .tags("source", options.source().name(), "destination", options.destination().name(),
                  "table", options.table(), "kind", kind.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
        }
      }
    }

    void count(RowDifference.Kind kind) {
      byKind.get(kind).incrementAndGet();
      Counter counter = counters.get(kind);
      if (counter != null) {
        counter.increment();
      }
    }

    VerifyReport report(List<RowDifference> samples, long start, boolean complete) {
      List<RowDifference> copy;
      synchronized (samples) {
        copy = List.copyOf(samples);
      }
      return new VerifyReport(rangesChecked.get(), sourceRows.get(), destinationRows.get(),
          byKind.get(RowDifference.Kind.MISSING_IN_DESTINATION).get(),
          byKind.get(RowDifference.Kind.MISSING_IN_SOURCE).get(),
          byKind.get(RowDifference.Kind.DIFFERENT).get(), cellsRepaired.get(), copy,
          Duration.ofNanos(System.nanoTime() - start), complete);
    }
  }
}
