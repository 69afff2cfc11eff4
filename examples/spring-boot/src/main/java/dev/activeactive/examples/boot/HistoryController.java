package dev.activeactive.examples.boot;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The HTTP API: {@code PUT /history/{user}/{title}?position=N}, {@code GET /history/{user}/{title}},
 * {@code PUT /now-playing/{user}?title=T}, {@code GET /now-playing/{user}}. Ids are 1-64 characters of
 * {@code [A-Za-z0-9._-]}, which keeps every cache key valid. Parameters are named in the annotations: the
 * build does not compile with {@code -parameters} (Boot's parent pom would).
 */
@RestController
public class HistoryController {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final ViewingHistory history;

  public HistoryController(ViewingHistory history) {
    this.history = history;
  }

  @PutMapping("/history/{user}/{title}")
  public Position record(@PathVariable("user") String user, @PathVariable("title") String title,
      @RequestParam("position") long position) {
    if (position < 0) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "position must not be negative");
    }
    return history.record(id(user), id(title), position);
  }

  @GetMapping("/history/{user}/{title}")
  public ResponseEntity<Position> find(@PathVariable("user") String user, @PathVariable("title") String title) {
    return ResponseEntity.of(history.find(id(user), id(title)));
  }

  @PutMapping("/now-playing/{user}")
  public void watch(@PathVariable("user") String user, @RequestParam("title") String title) {
    history.watch(id(user), id(title));
  }

  @GetMapping("/now-playing/{user}")
  public ResponseEntity<String> watching(@PathVariable("user") String user) {
    return ResponseEntity.of(history.watching(id(user)));
  }

  private static String id(String id) {
    if (!ID.matcher(id).matches()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ids are 1-64 characters of [A-Za-z0-9._-]");
    }
    return id;
  }
}
