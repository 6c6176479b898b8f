package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.kpool.dashboard.Dashboard;
import io.kpool.protocol.event.WorkerRestarted;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: a supervisor and its workers as real processes on the embedded broker, the dashboard
 * reading its topics and served on a JDK HttpServer, Debian's Chromium (headless) driven through its
 * chromedriver. Skipped, saying why, where Chromium or chromedriver is not installed
 * ({@code scripts/test.sh} installs both).
 *
 * <p>With {@code -Dkpool.dashboard.screenshot=FILE} it also saves what the page shows while the killed
 * worker is down.
 */
@ExtendWith(SharedBroker.class)
class DashboardIT {

    /** Debian's chromium; {@code -Dkpool.chromium=PATH} for another. */
    static final Path CHROMIUM = Path.of(System.getProperty("kpool.chromium", "/usr/bin/chromium"));
    /** Debian's chromedriver (package chromium-driver); {@code -Dkpool.chromedriver=PATH} for another. */
    static final Path CHROMEDRIVER = Path.of(System.getProperty("kpool.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration A_WHILE = Duration.ofSeconds(60);

    /** Records every state the page shows for worker 1's row, and leaves a mark a reload would wipe. */
    private static final String WATCH_ROW = """
            window.kpoolMark = 'no reload';
            window.kpoolShown = [];
            const note = () => {
              const badge = document.querySelector('#slot-1 td.state .st');
              const shown = badge ? badge.textContent : null;
              if (shown && window.kpoolShown[window.kpoolShown.length - 1] !== shown) window.kpoolShown.push(shown);
            };
            note();
            new MutationObserver(note).observe(document.getElementById('tree'),
                {subtree: true, childList: true, characterData: true, attributes: true});
            """;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void thePageShowsTheWorkersAndASigkilledWorkersRowGoesCrashedThenRunningAgainWithoutAReload() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM
                + ": install it with apt-get install chromium chromium-driver (scripts/test.sh does)");
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "no chromedriver at " + CHROMEDRIVER
                + ": install it with apt-get install chromium-driver (scripts/test.sh does)");
        // A supervisor and its two workers (the page needs no dispatcher: no job is run)
        try (TestPool pool = TestPool.empty(SharedBroker.bootstrap(), dir, 2);
             Dashboard dashboard = Dashboard.start(pool.kafka())) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            dashboard.mount(server);
            server.start();
            WebDriver browser = chromium();
            try {
                // Given the page, open while the pool starts...
                browser.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
                pool.startSupervisor("it", List.of("--workers", "2"));
                pool.awaitAllAlive();
                // ...which comes to show both workers running under their supervisor
                await().atMost(A_WHILE).pollInterval(Duration.ofMillis(100)).alias("both workers shown running")
                        .until(() -> shown(browser, 0).equals("running") && shown(browser, 1).equals("running"));
                assertThat(browser.findElement(By.id("pool")).getText()).contains(pool.kafka().topics().prefix());
                assertThat(browser.findElement(By.cssSelector("#tree tr.sup")).getText())
                        .contains("supervisor it").contains("slots 0-1");
                assertThat(browser.findElement(By.id("link-text")).getText()).isEqualTo("live");
                WebElement row = browser.findElement(By.id("slot-1"));
                String pid = row.getAttribute("data-pid");
                assertThat(pid).isEqualTo(String.valueOf(pool.worker(1).pid()));
                assertThat(row.getText()).contains(pid);
                js(browser).executeScript(WATCH_ROW);

                // When worker 1 is SIGKILLed
                pool.signal(1, "KILL");

                // Then its row turns crashed...
                await().atMost(A_WHILE).pollInterval(Duration.ofMillis(50)).alias("worker 1 shown crashed")
                        .until(() -> shownSoFar(browser).contains("crashed"));
                screenshot(browser);
                // ...and back to running, as a new process, its supervisor having restarted it
                pool.events().await(WorkerRestarted.class, r -> r.workerId() == 1 && r.incarnation() == 2, A_WHILE);
                await().atMost(A_WHILE).pollInterval(Duration.ofMillis(100)).alias("worker 1 shown running again")
                        .until(() -> shown(browser, 1).equals("running")
                                && "2".equals(browser.findElement(By.id("slot-1")).getAttribute("data-incarnation")));
                assertThat(shownSoFar(browser)).containsSubsequence("running", "crashed", "running");
                WebElement back = browser.findElement(By.id("slot-1"));
                assertThat(back.getAttribute("data-pid")).isNotEqualTo(pid).isEqualTo(String.valueOf(pool.worker(1).pid()));
                assertThat(back.findElement(By.cssSelector("td.crash")).getText()).startsWith("SIGKILL, ")
                        .contains("(inc 1, pid " + pid + ")");
                // ...on the same page: it was not reloaded, and the events arrived in its list
                assertThat(js(browser).executeScript("return window.kpoolMark")).isEqualTo("no reload");
                assertThat(browser.findElement(By.id("events")).getText())
                        .contains("worker 1 crashed: SIGKILL (incarnation 1, pid " + pid + ")")
                        .contains("worker 1 restarted (incarnation 2");
                assertThat(shown(browser, 0)).isEqualTo("running");
            } finally {
                browser.quit();
                server.stop(0);
            }
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1440,1000", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** What the state cell of a worker's row says, or "" while there is no row. */
    private static String shown(WebDriver browser, int slot) {
        List<WebElement> badges = browser.findElements(By.cssSelector("#slot-" + slot + " td.state .st"));
        return badges.isEmpty() ? "" : badges.get(0).getText();
    }

    @SuppressWarnings("unchecked")
    private static List<String> shownSoFar(WebDriver browser) {
        return (List<String>) js(browser).executeScript("return window.kpoolShown");
    }

    private static JavascriptExecutor js(WebDriver browser) {
        return (JavascriptExecutor) browser;
    }

    private static void screenshot(WebDriver browser) throws IOException {
        String to = System.getProperty("kpool.dashboard.screenshot");
        if (to != null && !to.isBlank()) {
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of(to), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
