package com.simptel.keycloak.it.support;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Debian's Chromium in headless mode, driven by Debian's chromedriver (never a downloaded one),
 * with screenshots kept under target/test-artifacts/screenshots.
 */
public final class RealBrowser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path screenshots;
    private final Path profile;

    private RealBrowser(ChromeDriver driver, Path screenshots, Path profile) {
        this.driver = driver;
        this.screenshots = screenshots;
        this.profile = profile;
    }

    /** Starts Chromium with the given Accept-Language (e.g. "en", "de"). */
    public static RealBrowser start(SimptelServer server, String language) {
        Path driverPath = Path.of(System.getProperty("chromedriver.path", "/usr/bin/chromedriver"));
        Path chromium = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));
        if (!Files.isExecutable(driverPath) || !Files.isExecutable(chromium)) {
            throw new IllegalStateException("Chromium and chromedriver are needed at " + chromium + " and "
                    + driverPath + ": apt-get install chromium chromium-driver (.ci/run does)");
        }
        try {
            Path profile = Files.createTempDirectory("simptel-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run",
                    "--disable-sync", "--disable-quic", "--window-size=1280,900",
                    "--user-data-dir=" + profile, "--lang=" + language);
            options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(driverPath.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            Path screenshots = server.artifactsDir().resolve("screenshots");
            Files.createDirectories(screenshots);
            return new RealBrowser(driver, screenshots, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Forgets every cookie and what {@code origin} stored (local and session storage, IndexedDB,
     * service workers), as a new profile would, keeping the HTTP cache: the next user of this
     * browser starts signed out, without loading the same scripts again.
     */
    public void forgetSessions(String origin) {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
    }

    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
    }

    /** Saves a PNG of the current page as target/test-artifacts/screenshots/{name}.png. */
    public Path screenshot(String name) {
        Path target = screenshots.resolve(name + ".png");
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try {
            KeycloakFiles.deleteQuietly(profile);
        } catch (RuntimeException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
