package dev.activeactive.dualwrite.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.activeactive.dualwrite.api.RowDifference.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowDifferTest {
  private static ByteBuffer b(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static RowKey key(String k) {
    return RowKey.regular(List.of(b(k)), List.of());
  }

  private static Cell cell(String value, long writetime) {
    return new Cell(b(value), writetime, 0);
  }

  private static Map<RowKey, CellsRow> rows(CellsRow... rows) {
    Map<RowKey, CellsRow> map = new LinkedHashMap<>();
    for (CellsRow row : rows) {
      map.put(row.key(), row);
    }
    return map;
  }

  private static CellsRow row(String k, Map<String, Cell> cells) {
    return new CellsRow(key(k), cells);
  }

  @Test
  void identicalSidesHaveNoDifference() {
    var side = rows(row("1", Map.of("v", cell("a", 10))));
    assertThat(RowDiffer.diff(side, rows(row("1", Map.of("v", cell("a", 10)))))).isEmpty();
  }

  @Test
  void remainingTtlIsNotADifference() {
    var source = rows(row("1", Map.of("v", new Cell(b("a"), 10, 100))));
    var destination = rows(row("1", Map.of("v", new Cell(b("a"), 10, 97))));
    assertThat(RowDiffer.diff(source, destination)).isEmpty();
  }

  @Test
  void missingRowsAreCopiedWhole() {
    var source = rows(row("1", Map.of("v", cell("a", 10), "n", cell("x", 11))));
    var destination = rows(row("2", Map.of()));

    List<RowDiffer.Difference> diff = RowDiffer.diff(source, destination);

    assertThat(diff).hasSize(2);
    assertThat(diff.get(0).kind()).isEqualTo(Kind.MISSING_IN_DESTINATION);
    assertThat(diff.get(0).columns()).containsExactly("n", "v");
    assertThat(diff.get(0).toDestination().cells()).containsOnlyKeys("v", "n");
    assertThat(diff.get(0).toSource()).isNull();
    assertThat(diff.get(1).kind()).isEqualTo(Kind.MISSING_IN_SOURCE);
    assertThat(diff.get(1).toSource().cells()).isEmpty();
  }

  @Test
  void theNewerWriteTimeWinsEachCellSeparately() {
    var source = rows(row("1", Map.of("v", cell("old", 10), "n", cell("newer-in-source", 30))));
    var destination = rows(row("1", Map.of("v", cell("new", 20), "n", cell("older", 25))));

    RowDiffer.Difference d = RowDiffer.diff(source, destination).get(0);

    assertThat(d.kind()).isEqualTo(Kind.DIFFERENT);
    assertThat(d.columns()).containsExactly("n", "v");
    assertThat(d.toSource().cells()).containsOnlyKeys("v");
    assertThat(d.toSource().cells().get("v").writetime()).isEqualTo(20);
    assertThat(d.toDestination().cells()).containsOnlyKeys("n");
  }

  @Test
  void aCellOnOneSideOnlyGoesToTheOther() {
    var source = rows(row("1", Map.of("v", cell("a", 10))));
    var destination = rows(row("1", Map.of("v", cell("a", 10), "n", cell("only-here", 5))));

    RowDiffer.Difference d = RowDiffer.diff(source, destination).get(0);

    assertThat(d.columns()).containsExactly("n");
    assertThat(d.toSource().cells()).containsOnlyKeys("n");
    assertThat(d.toDestination()).isNull();
  }

  @Test
  void aTieIsBrokenByTheGreaterValueAsCassandraDoes() {
    var source = rows(row("1", Map.of("v", cell("b", 10))));
    var destination = rows(row("1", Map.of("v", cell("a", 10))));

    RowDiffer.Difference d = RowDiffer.diff(source, destination).get(0);

    assertThat(d.toDestination().cells().get("v").value()).isEqualTo(b("b"));
    assertThat(d.toSource()).isNull();
  }
}
