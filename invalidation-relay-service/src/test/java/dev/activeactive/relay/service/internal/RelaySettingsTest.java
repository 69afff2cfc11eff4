package dev.activeactive.relay.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.activeactive.relay.api.RejectedMessages;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {

  private static RelaySettings parse(String hocon) {
    return RelaySettings.from(ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.defaultReference()).resolve().getConfig("relay"));
  }

  @Test
  void readsEveryKeyOfAFullFile() {
    String secret = Base64.getEncoder().encodeToString("0123456789abcdef0123".getBytes());
    RelaySettings settings = parse("""
        relay {
          region = us-west-2
          queue = "http://127.0.0.2:9324/000000000000/cache-replication"
          sqs-endpoint = "http://127.0.0.2:9324"
          zones = [ { name = us-west-2a, servers = ["127.0.0.2:11211", "127.0.0.2:11212"] },
                    { name = us-west-2b, servers = ["127.0.0.2:11213"] } ]
          pollers = 4
          visibility-timeout = 45s
          signing-secrets = ["%s"]
          max-clock-skew = 90s
          rejected-messages = back-off
          http.port = 0
          aws { access-key-id = sandbox, secret-access-key = sandbox }
        }""".formatted(secret));
    var relay = settings.relay();
    assertThat(relay.region()).isEqualTo("us-west-2");
    assertThat(relay.awsRegion()).isEqualTo("us-west-2");
    assertThat(relay.sqsEndpoint()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(9324));
    assertThat(relay.zones()).hasSize(2);
    assertThat(relay.zones().get(0).servers()).containsExactly("127.0.0.2:11211", "127.0.0.2:11212");
    assertThat(relay.pollers()).isEqualTo(4);
    assertThat(relay.visibilityTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(relay.requiresSignature()).isTrue();
    assertThat(relay.maxClockSkew()).isEqualTo(Duration.ofSeconds(90));
    assertThat(relay.rejectedMessages()).isEqualTo(RejectedMessages.BACK_OFF);
    assertThat(settings.httpPort()).isZero();
    assertThat(relay.toString()).doesNotContain(secret);
  }

  @Test
  void zonesCanComeFromOneEnvironmentStyleString() {
    RelaySettings settings = parse("""
        relay { region = r, queue = q, zones-env = "ra=h1:1,h2:2;rb=h3:3" }""");
    assertThat(settings.relay().zones()).extracting(z -> z.name() + z.servers())
        .containsExactly("ra[h1:1, h2:2]", "rb[h3:3]");
  }

  @Test
  void missingOrBadSettingsAreClearErrors() {
    assertThatThrownBy(() -> parse("relay { queue = q, zones-env = \"a=h:1\" }"))
        .hasMessageContaining("region is required");
    assertThatThrownBy(() -> parse("relay { region = r, queue = q }"))
        .hasMessageContaining("at least one zone");
    assertThatThrownBy(() -> parse("relay { region = r, queue = q, zones-env = \"a=nohostport\" }"))
        .hasMessageContaining("not host:port");
    assertThatThrownBy(() -> parse("relay { region = r, queue = q, zones-env = \"a=h:1\", receive-wait = 30s }"))
        .hasMessageContaining("receiveWait");
    assertThatThrownBy(() -> parse("relay { region = r, queue = q, zones-env = \"a=h:1\", signing-secrets = [\"%%%\"] }"))
        .hasMessageContaining("not valid Base64").hasMessageNotContaining("%%%");
  }

  /** A typo used to be accepted silently: the relay then ran with the default it meant to change. */
  @Test
  void aMisspelledKeyFailsNamingItAndTheNearestValidKey() {
    assertThatThrownBy(() -> parse("relay { region = r, queue = q, zones-env = \"a=h:1\", visiblity-timeout = 10s }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relay.visiblity-timeout")
        .hasMessageContaining("relay.visibility-timeout");
    assertThatThrownBy(() -> parse("relay { region = r, queue = q, zones-env = \"a=h:1\", http { prot = 9 } }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relay.http.prot")
        .hasMessageContaining("relay.http.port");
    assertThatThrownBy(() -> parse("relay { region = r, queue = q, zones-env = \"a=h:1\", tombstone-tll = 5s }"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relay.tombstone-tll")
        .hasMessageContaining("each message carries them");
    assertThatThrownBy(() -> parse("relay { region = r, queue = q, zones-env = \"a=h:1\", rejected-messages = drop }"))
        .hasMessageContaining("dead-letter-queue, back-off");
  }
}
