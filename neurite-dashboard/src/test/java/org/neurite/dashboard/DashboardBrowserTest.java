package org.neurite.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.callbacks.History;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Selenium loads the page
 * before training starts, watches the curves grow while a fit runs, compares what the page shows
 * with the {@link History}, reloads and checks the run is replayed, and saves a screenshot to
 * {@code target/dashboard-screenshot.png}. Skipped when Chromium or chromedriver is not installed.
 */
@Timeout(120)
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium"), CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int EPOCHS = 8;
    /** Held so that the level set on it is not lost when the logger is collected. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @Test
    void thePageFollowsTheRunShowsTheHistoryAndSurvivesAReload(@TempDir Path profile) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); install them with: apt-get install -y chromium chromium-driver");
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE); // no CDP-version warning: DevTools is not used
        TrainingRun run = new TrainingRun();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try (Dashboard dashboard = new Dashboard(0).probe(run.probe())) {
            browser.get(dashboard.url());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(50));
            wait.until(d -> d.findElement(By.id("conn")).getText().equals("live"));
            assertEquals("waiting for training", browser.findElement(By.id("status")).getText());

            // a slowed-down fit, so that the page is seen in the middle of it
            Callback pace = new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Float> logs) {
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            CompletableFuture<History> fit = CompletableFuture.supplyAsync(() -> run.fit(EPOCHS, dashboard, pace));
            wait.until(d -> valLossPoints(d) >= 2);
            int midway = valLossPoints(browser);
            String midStatus = browser.findElement(By.id("status")).getText();
            wait.until(d -> valLossPoints(d) >= EPOCHS && "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ended")));
            History history = fit.get(60, TimeUnit.SECONDS);
            assertTrue(midway < EPOCHS, "the page showed " + midway + " points while training ran");
            assertEquals("training", midStatus);

            checkAgainstHistory(browser, history);
            Path shot = Path.of("target", "dashboard-screenshot.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

            browser.navigate().refresh(); // after training: the state comes back from the server
            wait.until(d -> valLossPoints(d) >= EPOCHS && "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ended")));
            checkAgainstHistory(browser, history);
            assertTrue(browser.findElement(By.id("status")).getText().startsWith("finished (" + EPOCHS + " epochs"));
        } finally {
            browser.quit();
        }
    }

    private static int valLossPoints(WebDriver d) {
        return d.findElements(By.cssSelector("#chart-loss circle[data-series='val_loss']")).size();
    }

    /** The chart points and the epoch table carry the exact logged values: they must equal the History's. */
    private static void checkAgainstHistory(WebDriver browser, History history) {
        for (String key : List.of("loss", "val_loss")) {
            List<WebElement> points = browser.findElements(By.cssSelector("#chart-loss circle[data-series='" + key + "']"));
            assertEquals(EPOCHS, points.size(), key);
            List<Float> shown = new ArrayList<>();
            for (WebElement p : points) shown.add(Float.parseFloat(p.getAttribute("data-value")));
            assertEquals(history.get(key), shown, key + " curve");
        }
        List<WebElement> acc = browser.findElements(By.cssSelector("#chart-metrics circle[data-series='val_accuracy']"));
        assertEquals(history.last("val_accuracy"), Float.parseFloat(acc.get(acc.size() - 1).getAttribute("data-value")));
        List<WebElement> rows = browser.findElements(By.cssSelector("#epochs tbody tr"));
        assertEquals(EPOCHS, rows.size());
        for (int i = 0; i < EPOCHS; i++) {
            for (String key : history.history().keySet()) {
                WebElement cell = rows.get(i).findElement(By.cssSelector("td[data-key='" + key + "']"));
                assertEquals(history.get(key).get(i), Float.parseFloat(cell.getAttribute("data-value")), "epoch " + i + " " + key);
            }
        }
        assertEquals(3, browser.findElements(By.cssSelector("#model tbody tr")).size());
        assertEquals("(None, 16)", browser.findElements(By.cssSelector("#model tbody tr")).get(0).findElements(By.tagName("td")).get(2).getText());
        assertTrue(browser.findElements(By.cssSelector("#health-table tbody tr")).size() >= 3);
        assertTrue(browser.findElements(By.cssSelector("#chart-grad polyline")).size() >= 3, "one gradient-norm line per layer with weights");
        assertEquals(3, browser.findElements(By.cssSelector("#hists > div")).size());
    }
}
