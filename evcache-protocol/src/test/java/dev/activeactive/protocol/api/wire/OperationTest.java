package dev.activeactive.protocol.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.activeactive.protocol.api.version.Version;
import org.junit.jupiter.api.Test;

class OperationTest {

  private static final Version V = new Version(1, "r");

  @Test
  void derivesTheDatasetFromTheKey() {
    assertThat(Operation.invalidate("users:a:b", V).dataset()).isEqualTo("users");
  }

  @Test
  void rejectsInvalidKeysAndExpiries() {
    assertThatThrownBy(() -> Operation.invalidate("no-dataset", V)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Operation.invalidate("d:has space", V)).hasMessageNotContaining("has space");
    assertThatThrownBy(() -> Operation.replicate("d:k", V, -1, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Operation.replicate("d:k", V, 1L << 32, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fallsBackToInvalidateWithTheSameKeyAndVersion() {
    Operation big = Operation.replicate("d:k", V, 5, 1, new byte[10]);
    assertThat(big.asInvalidate()).isEqualTo(Operation.invalidate("d:k", V));
  }

  @Test
  void toStringHidesKeyAndValue() {
    assertThat(Operation.replicate("d:secret-key", V, 0, 0, "secret-value".getBytes()).toString())
        .doesNotContain("secret").contains("valueBytes=12");
  }
}
