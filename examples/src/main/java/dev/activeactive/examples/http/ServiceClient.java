package dev.activeactive.examples.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.activeactive.examples.history.HistoryEntry;
import dev.activeactive.examples.history.Json;
import dev.activeactive.examples.history.NowPlaying;
import dev.activeactive.examples.history.NowPlayingWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client of one region's HTTP API, as another service (or a drill's traffic) would use it. Thread-safe.
 */
public final class ServiceClient {

  private static final ObjectMapper LISTS = new ObjectMapper();

  private final HttpClient http;
  private final URI base;

  /** A client of the API at {@code base}, for example {@code http://127.0.0.1:8701}. */
  public ServiceClient(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** The API's base URL. */
  public URI base() {
    return base;
  }

  /** {@code PUT /users/{user}/history/{title}}. */
  public HistoryEntry putHistory(String user, String title, long positionSeconds) {
    Response response = send("PUT", "/users/" + user + "/history/" + title,
        Json.write(Map.of("positionSeconds", positionSeconds)));
    return Json.read(response.expect(200), HistoryEntry.class);
  }

  /** {@code GET /users/{user}/history/{title}}; empty on 404. */
  public Optional<HistoryEntry> getHistory(String user, String title) {
    Response response = send("GET", "/users/" + user + "/history/" + title, null);
    return response.status() == 404 ? Optional.empty()
        : Optional.of(Json.read(response.expect(200), HistoryEntry.class));
  }

  /** {@code GET /users/{user}/history}. */
  public List<HistoryEntry> listHistory(String user) {
    String body = send("GET", "/users/" + user + "/history", null).expect(200);
    try {
      return LISTS.readValue(body, new TypeReference<List<HistoryEntry>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code PUT /users/{user}/now-playing}. */
  public NowPlayingWrite putNowPlaying(String user, String title) {
    Response response = send("PUT", "/users/" + user + "/now-playing", Json.write(Map.of("title", title)));
    return Json.read(response.expect(200), NowPlayingWrite.class);
  }

  /** {@code GET /users/{user}/now-playing}; empty on 404. */
  public Optional<NowPlaying> getNowPlaying(String user) {
    Response response = send("GET", "/users/" + user + "/now-playing", null);
    return response.status() == 404 ? Optional.empty()
        : Optional.of(Json.read(response.expect(200), NowPlaying.class));
  }

  /** Any request; {@code body} null for none. */
  public Response send(String method, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * An HTTP answer.
   *
   * @param status the status code
   * @param body the body text
   */
  public record Response(int status, String body) {

    /**
     * The body, if the status is {@code expected}.
     *
     * @throws ServiceException otherwise
     */
    public String expect(int expected) {
      if (status != expected) {
        throw new ServiceException(status, body);
      }
      return body;
    }
  }

  /** The API answered with an unexpected status. */
  public static final class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /** With the status and body of the answer. */
    public ServiceException(int status, String body) {
      super("HTTP " + status + ": " + body);
      this.status = status;
    }

    /** The status code. */
    public int status() {
      return status;
    }
  }
}
