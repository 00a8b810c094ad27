package dev.jobqueue.dashboard;

import static dev.jobqueue.dashboard.DashboardTestApplication.FAILING;
import static dev.jobqueue.dashboard.DashboardTestApplication.PASSWORD;
import static dev.jobqueue.dashboard.DashboardTestApplication.SUCCEEDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.domain.Batch;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import dev.jobqueue.test.TestDatabaseExtension;
import dev.jobqueue.test.TestSchema;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard in a real browser: headless Chromium from Debian's {@code chromium} and
 * {@code chromium-driver} packages, driven by Selenium, against the application's own web server
 * on a real database. Selenium is pointed at both executables, so it never downloads a driver or
 * a browser; where they are not installed the tests are skipped with that reason. Screenshots of
 * the main pages go to {@code target/screenshots} (copied to {@code docs/images} for the docs).
 */
@ExtendWith(TestDatabaseExtension.class)
class DashboardBrowserIntegrationTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ConfigurableApplicationContext context;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void start(TestSchema schema) {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No headless browser: install Debian's chromium and chromium-driver (/usr/bin/chromium and"
                        + " /usr/bin/chromedriver), as .ci/run does, to run the browser tests");
        context = DashboardTestApplication.start(schema, "dashbrowser");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        base = "http://localhost:" + port + "/jobqueue";
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--window-size=1400,1000",
                        "--password-store=basic",
                        "--no-first-run",
                        "--disable-features=PasswordLeakDetection,PasswordManagerOnboarding,AutofillServerCommunication");
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "credentials_enable_service",
                        false,
                        "profile.password_manager_enabled",
                        false,
                        "profile.password_manager_leak_detection",
                        false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
        browser.get(base);
        browser.findElement(By.id("username")).sendKeys("operator");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("log-in")).click();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void findsAJobCancelsItAndSeesItsNewState() {
        JobId id = scheduler()
                .job(JobType.of(1), Map.of("orderId", 42, "email", "<script>alert(1)</script>"))
                .correlationId("order-42")
                .in(Duration.ofHours(2))
                .schedule();
        scheduler()
                .job(JobType.of(1), Map.of("orderId", 43))
                .correlationId("order-43")
                .schedule();

        browser.get(base);
        assertThat(browser.findElement(By.id("queue-1-0")).getText()).contains("1");
        screenshot("dashboard-overview.png");
        browser.findElement(By.id("nav-jobs")).click();
        browser.findElement(By.name("correlationId")).sendKeys("order-42");
        browser.findElement(By.id("search-button")).click();
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("1");
        screenshot("dashboard-jobs.png");
        browser.findElement(By.className("job-link")).click();
        assertThat(browser.findElement(By.id("job-id")).getText()).isEqualTo(id.value());
        assertThat(browser.findElement(By.id("payload")).getText()).contains("<script>alert(1)</script>");
        // Mermaid, served from its WebJar, draws the lifecycle with the job's sub-state (10) marked.
        WebElement diagram = browser.findElement(By.cssSelector("#lifecycle-diagram svg"));
        assertThat(diagram.getText()).doesNotContain("Syntax error");
        assertThat(diagram.findElements(By.cssSelector("g.current")))
                .as("the current sub-state's node")
                .hasSize(1);
        screenshot("dashboard-job.png");
        browser.findElement(By.id("action-cancel")).click();
        browser.findElement(By.id("confirm")).click();

        assertThat(browser.findElement(By.id("job-sub-state")).getText()).isEqualTo("49");
        assertThat(browser.findElement(By.id("job-state")).getText()).isEqualTo("FAILED");
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("APPLIED");
        assertThat(browser.findElements(By.id("action-cancel"))).isEmpty();
    }

    @Test
    void retriesAFailedJob() {
        JobId failing = scheduler().job(FAILING, Map.of("n", 1)).schedule();
        await().atMost(WAIT).until(() -> jobs().find(failing).orElseThrow().state() == JobState.FAILED);

        browser.get(base + "/jobs/" + failing.value());
        assertThat(browser.findElement(By.id("attempts")).getText()).contains("mail server said <b>no</b>");
        browser.findElement(By.id("action-retry-now")).click();
        browser.findElement(By.id("confirm")).click();

        assertThat(browser.findElement(By.id("message")).getText()).startsWith("APPLIED");
        assertThat(browser.findElement(By.id("job-id")).getText()).isNotEqualTo(failing.value());
        assertThat(jobs().find(failing).orElseThrow().subState()).isEqualTo(44);
        assertThat(jobs().findByRetryGroup(jobs().find(failing).orElseThrow().retryGroup()))
                .hasSize(2);
    }

    @Test
    void pausesAType() {
        scheduler()
                .job(JobType.of(5), Map.of("n", 1))
                .tenant(0)
                .in(Duration.ofHours(1))
                .schedule();

        browser.get(base);
        browser.findElement(By.id("pause-5-0")).click();
        assertThat(browser.findElement(By.id("question")).getText()).contains("Pause job type 5 for tenant 0?");
        browser.findElement(By.id("confirm")).click();

        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Paused job type 5 for tenant 0");
        assertThat(browser.findElement(By.id("queue-5-0")).getText()).contains("paused by dashboard:operator");
        assertThat(jobs().paused()).anyMatch(pause -> pause.type().equals(JobType.of(5)));
    }

    @Test
    void opensABatchAndSeesItsProgress() {
        Batch batch = scheduler()
                .batch()
                .add(scheduler().job(SUCCEEDING, Map.of("n", 1)))
                .add(scheduler().job(JobType.of(6), Map.of("n", 2)).in(Duration.ofHours(1)))
                .whenFinished(scheduler().job(JobType.of(7), Map.of("report", "nightly")))
                .schedule();
        await().atMost(WAIT).until(() -> jobs().batch(batch.id()).orElseThrow().succeeded() == 1);

        browser.get(base);
        browser.findElement(By.id("nav-batches")).click();
        browser.findElement(By.id("batch-" + batch.id()))
                .findElement(By.className("batch-link"))
                .click();

        assertThat(browser.findElement(By.id("batch-id")).getText()).isEqualTo(batch.id());
        assertThat(browser.findElement(By.id("batch-done")).getText()).isEqualTo("1 of 2 members finished");
        assertThat(browser.findElement(By.id("batch-succeeded")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("batch-pending")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("batch-callback")).getText()).contains("not scheduled yet");
        screenshot("dashboard-batch.png");
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JobScheduler scheduler() {
        return context.getBean(JobScheduler.class);
    }

    private static Jobs jobs() {
        return context.getBean(Jobs.class);
    }
}
