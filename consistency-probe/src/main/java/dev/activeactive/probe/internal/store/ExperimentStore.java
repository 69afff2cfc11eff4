package dev.activeactive.probe.internal.store;

import java.util.concurrent.CompletableFuture;

/**
 * The path under test: records are written in one region and read in the other. Implementations must make a
 * record's write recognisable, so that a read tells "this write is visible" apart from an older state.
 */
public interface ExperimentStore extends AutoCloseable {

  /** {@code cassandra} or {@code cache}, for reports. */
  String name();

  /** Creates what the run needs (schema, a fresh run id, earlier values to overwrite). */
  void prepare(long records) throws Exception;

  /**
   * Gives record {@code id} the older state its write must replace, where the path needs one (the cache path's
   * old value); {@link #prepare} does this for a fixed run's records, the canary calls it before each write.
   */
  default CompletableFuture<Void> seed(long id) {
    return CompletableFuture.completedFuture(null);
  }

  /** Writes record {@code id} in the write region; completes when the write is acknowledged there. */
  CompletableFuture<Void> write(long id);

  /** Reads record {@code id} in the read region; true when the write of this run is visible there. */
  CompletableFuture<Boolean> isVisible(long id);

  /**
   * Removes what the run wrote, when the user asked for it (after the last read). The default removes nothing:
   * a path whose entries expire by themselves need not.
   */
  default void deleteRun() throws Exception {}

  @Override
  void close();
}
