package dev.activeactive.dualwrite.internal.read;

import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.ExecutionInfo;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.activeactive.dualwrite.internal.session.SafeSessionFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** A synchronous {@link ResultSet} over async pages, fetching the next page when the current one runs out. */
final class PagingResultSet implements ResultSet {
  private AsyncResultSet page;
  private Iterator<Row> rows;
  private final List<ExecutionInfo> executionInfos = new ArrayList<>();

  PagingResultSet(AsyncResultSet first) {
    this.page = first;
    this.rows = first.currentPage().iterator();
    executionInfos.add(first.getExecutionInfo());
  }

  @Override
  public ColumnDefinitions getColumnDefinitions() {
    return page.getColumnDefinitions();
  }

  @Override
  public List<ExecutionInfo> getExecutionInfos() {
    return List.copyOf(executionInfos);
  }

  @Override
  public boolean isFullyFetched() {
    return !page.hasMorePages();
  }

  @Override
  public int getAvailableWithoutFetching() {
    return page.remaining();
  }

  @Override
  public boolean wasApplied() {
    return page.wasApplied();
  }

  @Override
  public Iterator<Row> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        while (!rows.hasNext() && page.hasMorePages()) {
          page = SafeSessionFactory.await(page.fetchNextPage());
          executionInfos.add(page.getExecutionInfo());
          rows = page.currentPage().iterator();
        }
        return rows.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return rows.next();
      }
    };
  }
}
