package dev.activeactive.dualwrite.internal.read;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.activeactive.dualwrite.api.Target;
import dev.activeactive.dualwrite.internal.metrics.DualWriteListener;
import dev.activeactive.dualwrite.internal.metrics.Operation;
import dev.activeactive.dualwrite.internal.session.SafeSessionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;

/**
 * Reads from the primary and, for a sample of reads, also from the secondary in the background, comparing
 * the first pages. The caller's result never depends on the secondary.
 */
public final class ShadowReader {
  /** Runs a statement on a target for an operation, retargeting and timing it. */
  public interface Executor {
    CompletionStage<AsyncResultSet> execute(Statement<?> statement, Target target, Operation operation);
  }

  private final Executor executor;
  private final double ratio;
  private final DoubleSupplier random;
  private final DualWriteListener listener;

  public ShadowReader(Executor executor, double ratio, DualWriteListener listener) {
    this(executor, ratio, () -> ThreadLocalRandom.current().nextDouble(), listener);
  }

  ShadowReader(Executor executor, double ratio, DoubleSupplier random, DualWriteListener listener) {
    this.executor = executor;
    this.ratio = ratio;
    this.random = random;
    this.listener = listener;
  }

  boolean sampled() {
    return ratio > 0 && random.getAsDouble() < ratio;
  }

  public CompletionStage<AsyncResultSet> readAsync(Statement<?> statement, Target primary, Target secondary) {
    CompletionStage<AsyncResultSet> fromPrimary = executor.execute(statement, primary, Operation.READ);
    if (!sampled()) {
      return fromPrimary;
    }
    return fromPrimary.thenApply(result -> shadowCompare(result, statement, primary, secondary));
  }

  /** Synchronous read; sampled reads go through the async path so the first page can be shared. */
  public ResultSet read(Statement<?> statement, Target primary, Target secondary,
      BiFunction<Statement<?>, Target, ResultSet> syncPrimary) {
    if (!sampled()) {
      return syncPrimary.apply(statement, primary);
    }
    CompletionStage<AsyncResultSet> fromPrimary = executor.execute(statement, primary, Operation.READ);
    AsyncResultSet first = SafeSessionFactory.await(fromPrimary);
    return new PagingResultSet(shadowCompare(first, statement, primary, secondary));
  }

  private AsyncResultSet shadowCompare(AsyncResultSet result, Statement<?> statement, Target primary,
      Target secondary) {
    BufferedAsyncResultSet buffered = new BufferedAsyncResultSet(result);
    List<RowImage> primaryRows = images(buffered.rows());
    executor.execute(statement, secondary, Operation.SHADOW_READ).whenComplete((shadow, error) -> {
      if (error != null) {
        listener.onShadowRead(primary, secondary, null, error);
        return;
      }
      List<RowImage> secondaryRows = new ArrayList<>();
      shadow.currentPage().forEach(row -> secondaryRows.add(RowImage.of(row)));
      listener.onShadowRead(primary, secondary, RowsComparison.compare(primaryRows, secondaryRows), null);
    });
    return buffered;
  }

  private static List<RowImage> images(List<Row> rows) {
    List<RowImage> images = new ArrayList<>(rows.size());
    rows.forEach(r -> images.add(RowImage.of(r)));
    return images;
  }
}
