package dev.activeactive.protocol.api.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {

  private final KeyPolicy strict = new KeyPolicy("users", false);
  private final KeyPolicy hashing = new KeyPolicy("users", true);

  @Test
  void namespacesValidKeys() {
    assertThat(strict.memcachedKey("42")).isEqualTo("users:42");
    assertThat(strict.memcachedKey("a:b")).isEqualTo("users:a:b");
    assertThat(hashing.memcachedKey("42")).isEqualTo("users:42");
  }

  @Test
  void acceptsExactly250BytesAndRejects251() {
    String key = "k".repeat(250 - "users:".length());
    assertThat(strict.memcachedKey(key)).hasSize(250);
    assertThatThrownBy(() -> strict.memcachedKey(key + "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataset 'users'")
        .hasMessageContaining("251 bytes")
        .hasMessageContaining("enable key hashing")
        .hasMessageNotContaining(key);
  }

  @Test
  void countsMultiByteUtf8AtTheBoundary() {
    // "é" is 2 bytes, "한" is 3 bytes, "😀" is 4 bytes (a surrogate pair in Java)
    int room = 250 - "users:".length(); // 244
    String twoByte = "é".repeat(room / 2); // 244 bytes
    assertThat(strict.memcachedKey(twoByte).getBytes(StandardCharsets.UTF_8)).hasSize(250);
    assertThatThrownBy(() -> strict.memcachedKey(twoByte + "x")).hasMessageContaining("251 bytes");

    String threeByte = "한".repeat(81) + "a"; // 243 + 1 = 244 bytes
    assertThat(strict.memcachedKey(threeByte).getBytes(StandardCharsets.UTF_8)).hasSize(250);
    assertThatThrownBy(() -> strict.memcachedKey("한".repeat(82))).hasMessageContaining("252 bytes");

    String fourByte = "😀".repeat(61); // 244 bytes, 122 chars
    assertThat(strict.memcachedKey(fourByte).getBytes(StandardCharsets.UTF_8)).hasSize(250);
    assertThatThrownBy(() -> strict.memcachedKey(fourByte + "x")).hasMessageContaining("251 bytes");
  }

  @Test
  void rejectsWhitespaceAndControlCharactersNamingThePosition() {
    assertThatThrownBy(() -> strict.memcachedKey("a b")).hasMessageContaining("whitespace (U+0020) at index 1");
    assertThatThrownBy(() -> strict.memcachedKey("ab\n")).hasMessageContaining("U+000A").hasMessageContaining("index 2");
    assertThatThrownBy(() -> strict.memcachedKey("a\tb")).hasMessageContaining("U+0009");
    assertThatThrownBy(() -> strict.memcachedKey("\u0000")).hasMessageContaining("control character (U+0000)");
    assertThatThrownBy(() -> strict.memcachedKey("a\u007Fb")).hasMessageContaining("U+007F");
    assertThatThrownBy(() -> strict.memcachedKey("a\u0085b")).hasMessageContaining("U+0085");
    assertThatThrownBy(() -> strict.memcachedKey("a\u00A0b")).hasMessageContaining("U+00A0");
    assertThatThrownBy(() -> strict.memcachedKey("a\u2028b")).hasMessageContaining("U+2028");
    assertThatThrownBy(() -> strict.memcachedKey("a\u3000b")).hasMessageContaining("U+3000");
  }

  @Test
  void rejectsEmptyKeysAndUnpairedSurrogates() {
    assertThatThrownBy(() -> strict.memcachedKey("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> hashing.memcachedKey("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> strict.memcachedKey("a\uD800")).hasMessageContaining("surrogate");
  }

  @Test
  void errorMessagesNeverContainTheKey() {
    String secretish = "token-abcdef-" + "x".repeat(300);
    assertThatThrownBy(() -> strict.memcachedKey(secretish)).hasMessageNotContaining("token-abcdef");
    assertThatThrownBy(() -> strict.memcachedKey("token-abcdef has space")).hasMessageNotContaining("token-abcdef");
  }

  @Test
  void hashesInvalidKeysDeterministically() throws Exception {
    String longKey = "x".repeat(1000);
    String expected = "users:#" + Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(longKey.getBytes(StandardCharsets.UTF_8)));
    assertThat(hashing.memcachedKey(longKey)).isEqualTo(expected).hasSize("users:#".length() + 43);
    assertThat(new KeyPolicy("users", true).memcachedKey(longKey)).isEqualTo(expected);
    assertThat(hashing.memcachedKey("has space")).startsWith("users:#").doesNotContain(" ");
    assertThat(hashing.memcachedKey("has space")).isNotEqualTo(hashing.memcachedKey("has  space"));
    assertThat(KeyPolicy.isValidMemcachedKey(hashing.memcachedKey("a\nb"))).isTrue();
  }

  @Test
  void hashesKeysThatLookLikeHashesSoTheyCannotCollide() {
    String hashed = hashing.memcachedKey("has space");
    String literal = hashed.substring("users:".length()); // "#...", a valid key on its own
    assertThat(hashing.memcachedKey(literal)).isNotEqualTo(hashed).startsWith("users:#");
    assertThat(strict.memcachedKey(literal)).isEqualTo(hashed); // without hashing there is nothing to collide with
  }

  @Test
  void validatesDatasetNames() {
    assertThatThrownBy(() -> new KeyPolicy("", false)).hasMessageContaining("dataset");
    assertThatThrownBy(() -> new KeyPolicy("a:b", false)).hasMessageContaining("U+003A");
    assertThatThrownBy(() -> new KeyPolicy("a b", false)).hasMessageContaining("U+0020");
    assertThatThrownBy(() -> new KeyPolicy("d".repeat(65), false)).hasMessageContaining("64");
    assertThat(new KeyPolicy("d".repeat(64), false).dataset()).hasSize(64);
    assertThat(new KeyPolicy("Movie_ratings-v2.1", false).memcachedKey("k")).isEqualTo("Movie_ratings-v2.1:k");
  }

  @Test
  void checksReceivedMemcachedKeys() {
    assertThat(KeyPolicy.isValidMemcachedKey("users:42")).isTrue();
    assertThat(KeyPolicy.isValidMemcachedKey("users:")).isFalse();
    assertThat(KeyPolicy.isValidMemcachedKey(":42")).isFalse();
    assertThat(KeyPolicy.isValidMemcachedKey("nodataset")).isFalse();
    assertThat(KeyPolicy.isValidMemcachedKey("bad name:42")).isFalse();
    assertThat(KeyPolicy.isValidMemcachedKey("users:4 2")).isFalse();
    assertThat(KeyPolicy.isValidMemcachedKey("users:" + "k".repeat(244))).isTrue();
    assertThat(KeyPolicy.isValidMemcachedKey("users:" + "k".repeat(245))).isFalse();
    assertThat(KeyPolicy.isValidMemcachedKey("users:\uDC00")).isFalse();
    assertThat(KeyPolicy.datasetOf("users:a:b")).isEqualTo("users");
  }
}
