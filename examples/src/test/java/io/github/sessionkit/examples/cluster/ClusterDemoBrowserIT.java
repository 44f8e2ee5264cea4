package io.github.sessionkit.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A visitor in a real browser: Debian's headless Chromium, driven by Selenium through the system's
 * chromedriver (never a downloaded one). Signs in on node 1, follows the link to node 2, then uses
 * the admin page's buttons to stop and start Redis. Screenshots of the pages (the admin page's is
 * {@code admin-page.png}) go to {@code target/screenshots/}.
 */
class ClusterDemoBrowserIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /**
   * Selenium warns that it has no DevTools bindings for this Chromium version; the test uses only
   * WebDriver, so the warning is noise. Held here so the configured loggers stay alive.
   */
  private static final List<Logger> QUIET =
      List.of(
          Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"),
          Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"));

  static {
    QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
  }

  @Test
  void aVisitorSignsInOnNode1IsTheSameUserOnNode2AndWatchesRedisFailOverOnTheAdminPage(
      @TempDir Path profile) throws Exception {
    requireBrowser(CHROMIUM, CHROMEDRIVER);
    try (ClusterDemo demo =
        ClusterDemo.start(
            new DemoOptions(0, 0, null, null, null, DemoOptions.DEFAULT_TRAFFIC),
            new PrintStream(OutputStream.nullOutputStream()))) {
      WebDriver browser = startBrowser(profile);
      try {
        // The admin page redraws its tables every second, so an element found a moment ago
        // may be replaced before it is read: such a read is retried, not a failure.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);

        browser.get(demo.nodeUrl(1).toString());
        screenshot(browser, "sign-in-page.png");
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBe(By.id("served-by"), "node 1"));
        assertThat(browser.findElement(By.id("principal")).getText()).isEqualTo("alice");
        assertThat(browser.findElement(By.id("visits")).getText()).isEqualTo("1");

        // The link keeps the host and changes the port: the browser sends the same cookie to node
        // 2.
        browser.findElement(By.id("other-node")).click();
        wait.until(ExpectedConditions.textToBe(By.id("served-by"), "node 2"));
        assertThat(browser.getCurrentUrl()).contains(":" + demo.node(2).port() + "/session");
        assertThat(browser.findElement(By.id("principal")).getText()).isEqualTo("alice");
        assertThat(browser.findElement(By.id("visits")).getText()).isEqualTo("2");
        screenshot(browser, "session-page-node-2.png");

        browser.get(demo.adminUrl(1).toString());
        wait.until(ExpectedConditions.textToBe(By.id("you-principal"), "alice"));
        wait.until(d -> isPositiveNumber(d.findElement(By.id("active-sessions")).getText()));
        wait.until(ExpectedConditions.attributeToBe(redisBreaker(), "data-breaker", "CLOSED"));
        wait.until(ExpectedConditions.textToBe(By.id("serving"), "redis"));
        wait.until(ExpectedConditions.textToBe(By.id("you-sessions"), "1"));

        wait.until(ExpectedConditions.elementToBeClickable(By.id("stop-redis"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("redis-badge"), "stopped"));
        wait.until(ExpectedConditions.attributeToBe(redisBreaker(), "data-breaker", "OPEN"));
        wait.until(ExpectedConditions.textToBe(By.id("serving"), "postgresql"));
        assertThat(demo.backends().redisRunning()).isFalse();
        screenshot(browser, "admin-page-redis-stopped.png");

        wait.until(ExpectedConditions.elementToBeClickable(By.id("start-redis"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("redis-badge"), "running"));
        wait.until(ExpectedConditions.attributeToBe(redisBreaker(), "data-breaker", "CLOSED"));
        wait.until(ExpectedConditions.textToBe(By.id("serving"), "redis"));
        wait.until(ExpectedConditions.textToBe(By.id("failed-requests"), "0"));
        assertThat(browser.findElements(By.cssSelector("#breaker-changes li")).size())
            .isGreaterThanOrEqualTo(2);
        wait.until(d -> !d.findElements(By.cssSelector("#chart polyline")).isEmpty());
        Path saved = screenshot(browser, "admin-page.png");
        assertThat(Files.size(saved)).isGreaterThan(10_000);
      } finally {
        browser.quit();
      }
    }
  }

  /** The breaker badge of the Redis tier in the admin page's tier table. */
  private static By redisBreaker() {
    return By.cssSelector("tr[data-tier='redis'] [data-breaker]");
  }

  private static boolean isPositiveNumber(String text) {
    return text.matches("\\d+") && Long.parseLong(text) > 0;
  }

  @Test
  void withoutTheBrowserTheTestFailsAndSaysWhatToInstall() {
    assertThatThrownBy(() -> requireBrowser(Path.of("/nonexistent/chromium"), CHROMEDRIVER))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("/nonexistent/chromium is missing")
        .hasMessageContaining("apt-get install -y chromium chromium-driver");
  }

  /** Fails (never skips) when the browser or its driver is missing, saying how to install them. */
  private static void requireBrowser(Path chromium, Path chromedriver) {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(chromium)) {
      missing.add(chromium.toString());
    }
    if (!Files.isExecutable(chromedriver)) {
      missing.add(chromedriver.toString());
    }
    if (!missing.isEmpty()) {
      fail(
          "the browser test needs headless Chromium and its driver, but "
              + String.join(" and ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " missing: run `apt-get install -y chromium chromium-driver`"
              + " (as root; scripts/verify does it)");
    }
  }

  private static WebDriver startBrowser(Path profile) {
    // Both the property and the service name the system's driver, so Selenium Manager never
    // looks for (or downloads) one; the failsafe configuration also sets SE_AVOID_STATS and
    // SE_OFFLINE.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1440,1500");
    return new ChromeDriver(service, options);
  }

  private static Path screenshot(WebDriver browser, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name);
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    return file;
  }
}
