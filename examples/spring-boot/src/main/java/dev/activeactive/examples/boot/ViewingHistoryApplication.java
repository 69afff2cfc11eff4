package dev.activeactive.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The two-region viewing-history service (see the examples module) as a Spring Boot application: the cache client,
 * the region's relay and the Cassandra session all come from active-active-spring-boot-starter and
 * {@code application.yml}; this code only uses them.
 */
@SpringBootApplication
public class ViewingHistoryApplication {

  public static void main(String[] args) {
    SpringApplication.run(ViewingHistoryApplication.class, args);
  }
}
