package io.github.sessionkit.spring.boot.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The same Spring Security application in a real browser, Debian's headless Chromium driven by the
 * system's chromedriver: sign in through the login form on one instance, add a note through the
 * CSRF-protected form on the other, see the flash message, then sign in from a second browser and
 * watch the first one's session end. Both instances listen on 127.0.0.1, so the browser sends its
 * cookie to either, as behind a load balancer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringSecurityBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * Selenium's warning that it has no DevTools bindings for this Chromium: WebDriver alone is used.
   */
  private static final Logger CDP =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private TwoInstances instances;

  @BeforeAll
  void start() {
    CDP.setLevel(Level.SEVERE);
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("headless Chromium and its driver: apt-get install -y chromium chromium-driver")
        .isTrue();
    instances = new TwoInstances();
  }

  @AfterAll
  void stop() {
    if (instances != null) {
      instances.close();
    }
  }

  private String url(int instance, String path) {
    return "http://127.0.0.1:" + instances.port(instance) + path;
  }

  @Test
  void signInOnOneAddANoteOnTheOtherAndASecondBrowserEndsTheFirstsSession(@TempDir Path profiles)
      throws Exception {
    WebDriver laptop = browser(profiles.resolve("laptop"));
    WebDriver phone = browser(profiles.resolve("phone"));
    try {
      laptop.get(url(0, "/notes"));
      signIn(laptop, "alice", "wonderland");
      assertThat(laptop.findElement(By.id("user")).getText()).isEqualTo("alice");

      laptop.get(url(1, "/notes"));
      assertThat(laptop.findElement(By.id("user")).getText()).isEqualTo("alice");
      laptop.findElement(By.id("text")).sendKeys("buy bread");
      laptop.findElement(By.id("save")).click();
      wait(laptop).until(ExpectedConditions.textToBe(By.id("flash"), "Saved: buy bread"));
      assertThat(laptop.findElement(By.id("notes")).getText()).isEqualTo("buy bread by alice");

      laptop.get(url(0, "/notes"));
      assertThat(laptop.findElement(By.id("flash")).getText()).as("shown once").isEmpty();
      assertThat(laptop.findElement(By.id("notes")).getText()).isEqualTo("buy bread by alice");

      phone.get(url(1, "/notes"));
      signIn(phone, "alice", "wonderland");

      laptop.get(url(0, "/notes"));
      wait(laptop).until(ExpectedConditions.urlToBe(url(0, "/login")));
      assertThat(laptop.findElements(By.id("username"))).as("back at the login form").hasSize(1);
    } finally {
      laptop.quit();
      phone.quit();
    }
  }

  /** Fills Spring Security's own login form, which carries the CSRF token in a hidden field. */
  private static void signIn(WebDriver browser, String user, String password) {
    wait(browser)
        .until(ExpectedConditions.presenceOfElementLocated(By.id("username")))
        .sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("user")));
  }

  private static WebDriverWait wait(WebDriver browser) {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  private static WebDriver browser(Path profile) {
    // The system's chromedriver, named explicitly: Selenium Manager must not look for one.
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
        "--user-data-dir=" + profile.toAbsolutePath());
    return new ChromeDriver(service, options);
  }
}
