package dev.activeactive.dualwrite.internal.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.activeactive.dualwrite.api.ReplayResult;
import dev.activeactive.dualwrite.api.SafeSession;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.internal.log.FailedWrite;
import dev.activeactive.dualwrite.internal.log.Replayer;
import dev.activeactive.dualwrite.internal.log.SegmentedFailedWriteLog;
import dev.activeactive.dualwrite.internal.write.FailedWriteApplier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dualwrite replay}: applies a failed-write log's records for one target, outside the application. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Applies the writes a target missed, from a failed-write log folder, with their original "
        + "timestamps and TTL clocks (idempotent: running it again, or after the application replayed some, "
        + "changes nothing twice). The application's writer must be closed (the log is locked while open). "
        + "Exit code 0 when every write of the target was applied (or, with --dry-run, listed), 5 when some "
        + "remain (the target is still failing).")
final class ReplayCommand implements Callable<Integer> {
  static final int EXIT_REMAINING = 5;

  @Option(names = "--log", required = true, paramLabel = "DIR", description = "The failed-write log folder.")
  Path log;

  @Option(names = "--target", required = true, paramLabel = "NAME",
      description = "The target whose writes to apply (its name in the writer, e.g. the secondary's).")
  String target;

  @Option(names = "--contact-point", paramLabel = "HOST:PORT",
      description = "A node of the target's cluster (required unless --dry-run).")
  String contactPoint;

  @Option(names = "--dc", paramLabel = "DC", description = "The local datacenter (required unless --dry-run).")
  String datacenter;

  @Option(names = "--dry-run", description = "List what would be replayed, per target and keyspace; change nothing.")
  boolean dryRun;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(log)) {
      throw new ParameterException(spec.commandLine(), "No failed-write log folder at " + log);
    }
    if (!dryRun && (contactPoint == null || datacenter == null)) {
      throw new ParameterException(spec.commandLine(), "--contact-point and --dc are required unless --dry-run");
    }
    try (SegmentedFailedWriteLog writes = SegmentedFailedWriteLog.open(log)) {
      if (dryRun) {
        return list(writes, out);
      }
      long before = writes.size(target);
      err.printf("replay: %d writes for target %s in %s%n", before, target, log);
      err.flush();
      ExecutorService executor = Executors.newSingleThreadExecutor();
      try (CqlSession session = SafeSession.builder().addContactPoint(ConnectionOptions.parse(contactPoint))
          .localDatacenter(datacenter).build()) {
        FailedWriteApplier applier = new FailedWriteApplier();
        Map<String, Target> byKeyspace = new ConcurrentHashMap<>();
        Replayer replayer = new Replayer(writes,
            w -> applier.apply(w, byKeyspace.computeIfAbsent(w.keyspace(), ks -> Target.of(target, session, ks))),
            16, executor, w -> w.target().equals(target), applied -> {
              err.printf("replay: %d/%d applied%n", applied, before);
              err.flush();
            });
        ReplayResult result = replayer.replay().toCompletableFuture().get();
        long remaining = writes.size(target);
        out.printf("replay %s: %d applied, %d remaining for target %s%s%n",
            result.isComplete() ? "complete" : "STOPPED", result.applied(), remaining, target,
            result.error().map(e -> " (" + e + ")").orElse(""));
        out.flush();
        return result.isComplete() && remaining == 0 ? 0 : EXIT_REMAINING;
      } finally {
        executor.shutdown();
      }
    }
  }

  private int list(SegmentedFailedWriteLog writes, PrintWriter out) {
    Map<String, long[]> byTargetAndKeyspace = new TreeMap<>();
    for (long segment : writes.seal()) {
      for (FailedWrite w : writes.read(segment)) {
        long[] entry = byTargetAndKeyspace.computeIfAbsent(w.target() + " " + w.keyspace(),
            k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
        entry[0]++;
        entry[1] = Math.min(entry[1], w.recordedAtMillis());
        entry[2] = Math.max(entry[2], w.recordedAtMillis());
      }
    }
    byTargetAndKeyspace.forEach((key, e) -> out.printf("%s%-40s %8d writes, recorded %s .. %s%n",
        key.startsWith(target + " ") ? "* " : "  ", key, e[0], Instant.ofEpochMilli(e[1]),
        Instant.ofEpochMilli(e[2])));
    out.printf("replay (dry run): %d writes for target %s would be applied; nothing was changed%n",
        writes.size(target), target);
    out.flush();
    return 0;
  }
}
