package org.gongkai.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page in a real browser: Debian's headless Chromium, driven through its chromedriver (Selenium;
 * no driver or browser is downloaded), against the real stack of {@link SearchStack}. Every host name but
 * 127.0.0.1 is made unresolvable for the browser, so the page cannot reach outside loopback. Screenshots go to
 * {@code target/screenshots/} (kept by CI).
 */
class SearchPageIT {

    static final Path CHROMIUM = Path.of(System.getProperty("gongkai.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("gongkai.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    @TempDir
    static Path profile;

    static SearchStack stack;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        assertThat(CHROMIUM)
                .as("headless Chromium (Debian: apt-get install chromium chromium-driver; .ci/run installs it)")
                .isExecutable();
        assertThat(CHROMEDRIVER)
                .as("chromedriver (Debian package chromium-driver)")
                .isExecutable();
        stack = SearchStack.get();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--lang=zh-CN",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aTraditionalQueryShowsTheSimplifiedNoticeFirstThenAFacetThenTheNotice() throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(stack.url() + "/");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "全部公告"));

        WebElement box = browser.findElement(By.id("q"));
        box.sendKeys("全國性哀悼活動");
        box.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "共找到"));
        WebElement first = browser.findElement(By.cssSelector("#results li.hit"));
        assertThat(first.findElement(By.cssSelector("h3 a")).getText()).isEqualTo(RealNoticeFixtures.MOURNING_TITLE);
        String highlighted = String.join(
                "",
                first.findElements(By.cssSelector("h3 a em")).stream()
                        .map(WebElement::getText)
                        .toList());
        assertThat(highlighted)
                .as("the matched words, highlighted in the Simplified title")
                .contains("哀悼");
        assertThat(first.findElement(By.cssSelector(".publisher")).getText()).isEqualTo("国务院办公厅");
        assertThat(first.findElement(By.cssSelector(".date")).getText()).isEqualTo("2020-04-03");
        screenshot("search-traditional.png");

        // the publisher facet of the first notice: its count becomes the result's size
        WebElement facet = browser.findElement(By.cssSelector("#facets [data-facet=publisher] a[data-value='国务院办公厅']"));
        String count = facet.findElement(By.cssSelector(".count")).getText();
        facet.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chosen .chip")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "共找到"));
        assertThat(browser.findElement(By.cssSelector("#chosen .chip")).getText())
                .contains("发布机构：国务院办公厅");
        assertThat(browser.findElement(By.id("summary")).getText()).contains("共找到 " + count + " 条");
        List<String> publishers = browser.findElements(By.cssSelector("#results .publisher")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(publishers).hasSize(Integer.parseInt(count)).allMatch("国务院办公厅"::equals);
        screenshot("search-facet.png");

        browser.findElement(By.cssSelector("#results li.hit h3 a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("notice-title"), RealNoticeFixtures.MOURNING_TITLE));
        String meta = browser.findElement(By.id("meta")).getText();
        assertThat(meta).contains("发布机构", "国务院办公厅", "主题分类", "综合政务", "发布日期", "2020-04-03");
        assertThat(browser.findElement(By.id("notice-body")).getText()).contains("全国性哀悼活动");
        assertThat(browser.findElement(By.id("attachments")).getText()).contains(RealNoticeFixtures.ATTACHMENT_NAME);
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#related li a"), 0));
        screenshot("notice.png");
    }

    @Test
    void aDocumentNumberInAnotherBracketFormAndScriptFindsItsNoticeOnAPhone() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(stack.url() + "/");
        WebElement box = browser.findElement(By.id("q"));
        box.sendKeys("贛府發［2020］6號");
        box.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "共找到"));

        WebElement first = browser.findElement(By.cssSelector("#results li.hit"));
        assertThat(first.findElement(By.cssSelector("h3 a")).getText())
                .startsWith(RealNoticeFixtures.DOCUMENT_NUMBER_TITLE_START);
        assertThat(first.findElement(By.cssSelector(".docno")).getText()).isEqualTo(RealNoticeFixtures.DOCUMENT_NUMBER);
        // phone width: one column, nothing wider than the screen
        Long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("horizontal overflow in px").isLessThanOrEqualTo(0L);
        screenshot("search-phone.png");
    }

    @Test
    void aTooLongQueryIsExplainedNotCut() {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(stack.url() + "/?q=" + "疫".repeat(101));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "检索失败"));
        assertThat(browser.findElement(By.id("summary")).getText()).contains("101");
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
