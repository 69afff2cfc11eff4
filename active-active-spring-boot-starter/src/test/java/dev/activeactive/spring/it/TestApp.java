package dev.activeactive.spring.it;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with nothing of its own: everything comes from the starter and properties. */
@SpringBootApplication
public class TestApp {}
