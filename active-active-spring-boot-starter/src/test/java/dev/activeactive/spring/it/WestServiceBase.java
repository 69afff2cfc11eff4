package dev.activeactive.spring.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activeactive.evcache.api.EVCacheClient;
import dev.activeactive.sandbox.api.RegionSandboxTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The us-west-2 service, started by Spring's test support from {@link SandboxProperties} alone, on the sandbox at
 * the default (realistic) WAN profile. Subclasses share one context (the same configuration is cached), and start
 * a us-east-1 service of their own with {@link #startEast()} when they need the other region.
 */
@RegionSandboxTest
@SpringBootTest(classes = TestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WestServiceBase {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Autowired
  EVCacheClient west;

  @Autowired
  Environment environment;

  @DynamicPropertySource
  static void westProperties(DynamicPropertyRegistry registry) {
    SandboxProperties.forRegion(SandboxProperties.sandbox(), SandboxProperties.WEST)
        .forEach((k, v) -> registry.add(k, () -> v));
  }

  /** A us-east-1 service from properties alone, without a web server (the tests use its client). */
  static ConfigurableApplicationContext startEast() {
    return new SpringApplicationBuilder(TestApp.class)
        .properties(SandboxProperties.forRegion(SandboxProperties.sandbox(), SandboxProperties.EAST))
        .properties("spring.main.web-application-type=none")
        .run();
  }

  static String uniqueKey(String what) {
    return what + "-" + UUID.randomUUID();
  }

  /** GET on the west service's management endpoints: the status code and the JSON body. */
  Response get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body()));
  }

  record Response(int status, JsonNode body) {
    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
