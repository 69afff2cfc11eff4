package dev.activeactive.dualwrite.internal.copy;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.type.DataTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableShapeTest {
  private static TableShape.Column col(String name) {
    return new TableShape.Column(CqlIdentifier.fromCql(name), DataTypes.TEXT);
  }

  private final TableShape shape = new TableShape(CqlIdentifier.fromCql("events"),
      List.of(col("tenant"), col("day")), List.of(col("at")), List.of(col("body"), col("\"Mixed\"")),
      List.of(col("owner")));

  @Test
  void scansSelectEveryValueWithItsWriteTimeAndTtlByTokenRange() {
    assertThat(shape.selectRange(CqlIdentifier.fromCql("ks"))).isEqualTo("SELECT tenant, day, at, "
        + "body, WRITETIME(body), TTL(body), \"Mixed\", WRITETIME(\"Mixed\"), TTL(\"Mixed\"), "
        + "owner, WRITETIME(owner), TTL(owner) FROM ks.events "
        + "WHERE token(tenant, day) > ? AND token(tenant, day) <= ?");
  }

  @Test
  void insertsKeepTheWriteTimeAndTtl() {
    assertThat(shape.insert(CqlIdentifier.fromCql("other"), false, List.of("body", "Mixed")))
        .isEqualTo("INSERT INTO other.events (tenant, day, at, body, \"Mixed\") VALUES (?, ?, ?, ?, ?) "
            + "USING TIMESTAMP ? AND TTL ?");
  }

  @Test
  void staticInsertsLeaveOutTheClusteringKey() {
    assertThat(shape.insert(CqlIdentifier.fromCql("ks"), true, List.of("owner")))
        .isEqualTo("INSERT INTO ks.events (tenant, day, owner) VALUES (?, ?, ?) USING TIMESTAMP ? AND TTL ?");
  }
}
