package io.brook.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.MediaType;

/**
 * The web console in a real headless Chromium (Debian packages {@code chromium} and
 * {@code chromium-driver}; {@code CHROMIUM} and {@code CHROMEDRIVER} override their paths). Nothing
 * is downloaded: the driver path is given, so Selenium Manager is never asked. On failure a
 * screenshot and the page's HTML land in {@code target/console-browser-it/}.
 */
class ConsoleBrowserIT extends GatewayTestBase {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final Browser browser = new Browser();

    @Test
    void servesTheConsoleAsTheWelcomePage() {
        web.get()
                .uri("/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .value(html -> assertThat(html)
                        .contains("<title>Brook gateway console</title>")
                        .contains("console/console.js"));
        web.get()
                .uri("/console/console.js")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(js -> assertThat(js).contains("new EventSource("));
        web.get().uri("/console/console.css").exchange().expectStatus().isOk();
    }

    @Test
    void listsProducesAndTailsThroughAReconnectWithEveryRecordOnce() {
        String topic = createTopic("console", 2);
        Records.produce(topic, 2, "before", 4); // offsets 0-1 on both partitions
        WebDriver driver = browser.open(baseUrl() + "/");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);

        // Topics: the new topic is listed; its details show both partitions with their offsets.
        By topicButton = By.cssSelector("#topic-list button.topic[data-topic='" + topic + "']");
        wait.until(ExpectedConditions.elementToBeClickable(topicButton)).click();
        wait.until(d -> offsetsShown(d).equals(Map.of(0, "0..2", 1, "0..2")));
        assertThat(text(driver, "details-name")).isEqualTo(topic);

        // Produce through the form: JSON value to partition 1, which held offsets 0 and 1.
        fill(driver, "produce-topic", topic);
        fill(driver, "produce-key", "form-key");
        fill(driver, "produce-value", "{\"from\":\"the form\"}");
        fill(driver, "produce-partition", "1");
        driver.findElement(By.id("produce-submit")).click();
        WebElement result = driver.findElement(By.id("produce-result"));
        wait.until(d -> "ok".equals(result.getDomAttribute("data-state")));
        assertThat(result.getDomAttribute("data-partition")).isEqualTo("1");
        assertThat(result.getDomAttribute("data-offset")).isEqualTo("2");
        assertThat(result.getText()).contains("partition 1").contains("offset 2");

        // A bad partition answers a problem document; its detail is shown.
        fill(driver, "produce-partition", "7");
        driver.findElement(By.id("produce-submit")).click();
        wait.until(d -> "error".equals(result.getDomAttribute("data-state")));
        assertThat(result.getText()).contains("has partitions 0..1, not 7");

        // Live tail from the beginning: the 4 records from before and the one from the form.
        fill(driver, "tail-topic", topic);
        new Select(driver.findElement(By.id("tail-from"))).selectByValue("beginning");
        driver.findElement(By.id("tail-start")).click();
        wait.until(d -> "open".equals(status(d)));
        wait.until(d -> shownCount(d) == 5);
        WebElement newest = driver.findElement(By.cssSelector("#tail-records li"));
        assertThat(newest.getDomAttribute("data-partition")).isEqualTo("1");
        assertThat(newest.getDomAttribute("data-offset")).isEqualTo("2");
        assertThat(newest.getText()).contains("form-key").contains("{\"from\":\"the form\"}");

        Records.produce(topic, 2, "live", 4);
        wait.until(d -> shownCount(d) == 9);

        // Close the page's EventSource as a dead connection would leave it; records arrive meanwhile.
        // The page must notice and open a new one with ?cursor=<last event id>.
        js(driver).executeScript("window.brookConsole.tail.source.close();");
        Records.produce(topic, 2, "while-closed", 6);
        wait.until(d -> "open".equals(status(d)) && reconnects(d) >= 1);
        assertThat((String) js(driver).executeScript("return window.brookConsole.tail.source.url;"))
                .contains("cursor=");
        Records.produce(topic, 2, "after", 4);

        // p0: 2 before + 2 live + 3 while-closed + 2 after = 9; p1: the same plus the form's record.
        wait.until(d -> shownCount(d) == 19);
        Map<Integer, List<Long>> offsets = tailOffsets(driver);
        assertThat(offsets.get(0)).containsExactlyInAnyOrderElementsOf(range(9));
        assertThat(offsets.get(1)).containsExactlyInAnyOrderElementsOf(range(10));
        assertThat(text(driver, "tail-count")).isEqualTo("19");
        assertThat(status(driver)).isEqualTo("open");

        // Refresh shows the new latest offsets.
        driver.findElement(By.id("topics-refresh")).click();
        wait.until(d -> offsetsShown(d).equals(Map.of(0, "0..9", 1, "0..10")));

        driver.findElement(By.id("tail-stop")).click();
        wait.until(d -> "stopped".equals(status(d)));
    }

    private static void fill(WebDriver driver, String id, String value) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static String status(WebDriver driver) {
        return driver.findElement(By.id("tail-status")).getDomAttribute("data-state");
    }

    private static long reconnects(WebDriver driver) {
        return (Long) js(driver).executeScript("return window.brookConsole.tail.reconnects;");
    }

    private static long shownCount(WebDriver driver) {
        return driver.findElements(By.cssSelector("#tail-records li")).size();
    }

    private static JavascriptExecutor js(WebDriver driver) {
        return (JavascriptExecutor) driver;
    }

    /** Partition to "earliest..latest" as the details table shows them, read in one script (rows are redrawn). */
    @SuppressWarnings("unchecked")
    private static Map<Integer, String> offsetsShown(WebDriver driver) {
        List<String> rows = (List<String>) js(driver)
                .executeScript("return Array.from(document.querySelectorAll('#partition-rows tr'), row =>"
                        + " row.dataset.partition + '=' + row.querySelector('[data-field=earliest]').textContent"
                        + " + '..' + row.querySelector('[data-field=latest]').textContent);");
        Map<Integer, String> shown = new TreeMap<>();
        for (String row : rows) {
            String[] parts = row.split("=", 2);
            shown.put(Integer.valueOf(parts[0]), parts[1]);
        }
        return shown;
    }

    /** Offsets of the tail's records by partition, read in one script so the list cannot change midway. */
    @SuppressWarnings("unchecked")
    private static Map<Integer, List<Long>> tailOffsets(WebDriver driver) {
        List<String> positions = (List<String>) js(driver)
                .executeScript("return Array.from(document.querySelectorAll('#tail-records li'),"
                        + " li => li.dataset.partition + ':' + li.dataset.offset);");
        Map<Integer, List<Long>> byPartition = new TreeMap<>();
        for (String position : positions) {
            String[] parts = position.split(":");
            byPartition
                    .computeIfAbsent(Integer.valueOf(parts[0]), p -> new ArrayList<>())
                    .add(Long.valueOf(parts[1]));
        }
        return byPartition;
    }

    private static List<Long> range(int count) {
        return Stream.iterate(0L, o -> o + 1).limit(count).toList();
    }

    /** A headless Chromium per test, opened on demand; on failure it leaves a screenshot before quitting. */
    static final class Browser implements AfterEachCallback {

        private ChromeDriver driver;
        private Path profile;

        WebDriver open(String url) {
            String chromium = envOr("CHROMIUM", "/usr/bin/chromium");
            String chromedriver = envOr("CHROMEDRIVER", "/usr/bin/chromedriver");
            System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, chromedriver);
            try {
                profile = Files.createTempDirectory("brook-console-chromium");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a Chromium profile directory", e);
            }
            ChromeOptions options = new ChromeOptions()
                    .setBinary(chromium)
                    .addArguments(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--window-size=1280,1024",
                            "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(chromedriver).toFile())
                    .usingAnyFreePort()
                    .build();
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            driver.get(url);
            return driver;
        }

        @Override
        public void afterEach(ExtensionContext context) throws IOException {
            if (driver == null) {
                return;
            }
            try {
                if (context.getExecutionException().isPresent()) {
                    keepEvidence(context.getRequiredTestMethod().getName());
                }
            } finally {
                driver.quit();
                driver = null;
                deleteProfile();
            }
        }

        private void keepEvidence(String name) throws IOException {
            Path dir = Path.of("target", "console-browser-it");
            Files.createDirectories(dir);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
        }

        private void deleteProfile() {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // A temp directory left behind is harmless; the test's outcome is what matters.
            }
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
