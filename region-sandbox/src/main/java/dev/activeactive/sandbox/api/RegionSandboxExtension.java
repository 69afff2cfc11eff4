package dev.activeactive.sandbox.api;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link RegionSandboxTest}: starts the JVM's shared sandbox once (or finds the one
 * {@code ./sandbox up} runs), starts the components a test class asks for, hands the sandbox to test
 * parameters, gives the inter-region paths the class's WAN profile, and heals every fault after each test so that
 * one test's partition never leaks into the next.
 */
public final class RegionSandboxExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    ParameterResolver {
  /** Created by JUnit for each test class annotated {@link RegionSandboxTest}; tests do not create it. */
  public RegionSandboxExtension() {
  }


  @Override
  public void beforeAll(ExtensionContext context) {
    SandboxComponent[] components = AnnotationSupport
        .findAnnotation(context.getRequiredTestClass(), RegionSandboxTest.class)
        .map(RegionSandboxTest::components)
        .orElse(new SandboxComponent[] {SandboxComponent.MEMCACHED, SandboxComponent.SQS});
    RegionSandbox.shared().require(components);
    applyWan(context);
  }

  /** Each test starts on its class's WAN, whatever the class before it chose. */
  @Override
  public void beforeEach(ExtensionContext context) {
    applyWan(context);
  }

  private static void applyWan(ExtensionContext context) {
    WanProfile wan = WanProfile.parse(AnnotationSupport
        .findAnnotation(context.getRequiredTestClass(), RegionSandboxTest.class)
        .map(RegionSandboxTest::wan)
        .orElse(WanProfile.DEFAULT_NAME));
    SandboxFaults faults = RegionSandbox.shared().faults();
    if (!faults.wan().equals(wan)) {
      faults.setWan(wan);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RegionSandbox.shared().faults().healAll();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == RegionSandbox.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
    return RegionSandbox.shared();
  }
}
