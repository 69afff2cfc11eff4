package dev.activeactive.dualwrite.internal.read;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A result page read once into memory, so that a shadow read can compare it while the caller still gets
 * every row. Later pages come from the original result set.
 */
final class BufferedAsyncResultSet implements AsyncResultSet {
  private final AsyncResultSet delegate;
  private final List<Row> rows;
  private int consumed;

  BufferedAsyncResultSet(AsyncResultSet delegate) {
    this.delegate = delegate;
    this.rows = new ArrayList<>(delegate.remaining());
    delegate.currentPage().forEach(rows::add);
  }

  List<Row> rows() {
    return rows;
  }

  @Override
  public ColumnDefinitions getColumnDefinitions() {
    return delegate.getColumnDefinitions();
  }

  @Override
  public ExecutionInfo getExecutionInfo() {
    return delegate.getExecutionInfo();
  }

  @Override
  public int remaining() {
    return rows.size() - consumed;
  }

  @Override
  public Iterable<Row> currentPage() {
    // like the driver's own page: one pass, consuming rows as they are returned
    return () -> new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return consumed < rows.size();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return rows.get(consumed++);
      }
    };
  }

  @Override
  public boolean hasMorePages() {
    return delegate.hasMorePages();
  }

  @Override
  public CompletionStage<AsyncResultSet> fetchNextPage() throws IllegalStateException {
    return delegate.fetchNextPage();
  }

  @Override
  public boolean wasApplied() {
    return delegate.wasApplied();
  }
}
