package dev.activeactive.relay.service;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver (given explicitly, so Selenium
 * Manager never tries to download one on this closed network).
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;

  HeadlessChromium() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("This test needs Debian's chromium and chromium-driver: apt-get install "
          + "chromium chromium-driver (.ci/run installs them)");
    }
    Path profile = Files.createTempDirectory("relay-chromium");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort()
        .withLogFile(profile.resolve("chromedriver.log").toFile()).build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000",
        "--user-data-dir=" + profile.resolve("profile"));
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  void open(URI page) {
    driver.get(page.toString());
  }

  /** Runs {@code script} (a function body that returns its answer) in the page. */
  Object run(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
