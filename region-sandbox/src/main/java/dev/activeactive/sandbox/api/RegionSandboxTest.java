package dev.activeactive.sandbox.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the JVM's shared {@link RegionSandbox}, with the given components started before
 * its first test and its inter-region paths shaped like the class's {@link #wan() WAN profile}. Test methods and
 * constructors may declare a {@link RegionSandbox} parameter.
 *
 * <pre>{@code
 * @RegionSandboxTest(components = {SandboxComponent.MEMCACHED, SandboxComponent.SQS})
 * class MyIT {
 *   @Test
 *   void works(RegionSandbox sandbox) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RegionSandboxExtension.class)
public @interface RegionSandboxTest {
  /** What the tests need running; memcached and SQS by default, since they start in about a second. */
  SandboxComponent[] components() default {SandboxComponent.MEMCACHED, SandboxComponent.SQS};

  /**
   * The WAN profile every inter-region path has during this class's tests (see {@link WanProfile#parse}); the
   * realistic {@value WanProfile#DEFAULT_NAME} by default. Tests that measure lag or test timeouts keep it;
   * {@code "none"} is for tests of pure function that a distance would only slow down, and says so.
   */
  String wan() default WanProfile.DEFAULT_NAME;
}
