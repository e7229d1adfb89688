package org.gongkai.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gongkai.events.EnrichedNotice;
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
    void aTraditionalQueryShowsTheSimplifiedNoticeFirstHighlighted() throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(stack.url() + "/");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "全部公告"));

        search("全國性哀悼活動");
        WebElement first = browser.findElement(By.cssSelector("#results li.hit"));
        assertThat(first.findElement(By.cssSelector("h3 a")).getText()).isEqualTo(RealNoticeFixtures.MOURNING_TITLE);
        assertThat(highlighted(first))
                .as("the match, highlighted in the Simplified title")
                .contains("哀悼活动");
        assertThat(first.findElement(By.cssSelector(".publisher")).getText()).isEqualTo("国务院办公厅");
        assertThat(first.findElement(By.cssSelector(".date")).getText()).isEqualTo("2020-04-03");
        assertThat(first.findElement(By.cssSelector(".copies")).getText())
                .as("its mirror copy, listed in the one result")
                .isEqualTo("也发布于：tw.mirror.example.org");
        assertThat(browser.findElements(By.cssSelector("#results li.hit h3 a")).stream()
                        .filter(a -> a.getText().equals(RealNoticeFixtures.MOURNING_TITLE))
                        .count())
                .isEqualTo(1);
        screenshot("search-traditional.png");
    }

    @Test
    void aFacetNarrowsTheResultAndANoticeOpensWithItsMetadataAttachmentsAndRelatedNotices() throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(stack.url() + "/");
        search("農貿市場經營管理規範");
        WebElement first = browser.findElement(By.cssSelector("#results li.hit"));
        assertThat(first.findElement(By.cssSelector("h3 a")).getText())
                .isEqualTo(RealNoticeFixtures.MARKET_STANDARD_DRAFT);
        assertThat(highlighted(first)).contains("农贸市场经营管理规范");

        // the publisher facet: the count it shows becomes the result's size
        WebElement facet =
                browser.findElement(By.cssSelector("#facets [data-facet=publisher] a[data-value='江西省市场监督管理局']"));
        String count = facet.findElement(By.cssSelector(".count")).getText();
        facet.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chosen .chip")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "共找到"));
        assertThat(browser.findElement(By.cssSelector("#chosen .chip")).getText())
                .contains("发布机构：江西省市场监督管理局");
        assertThat(browser.findElement(By.id("summary")).getText()).contains("共找到 " + count + " 条");
        assertThat(browser.findElements(By.cssSelector("#results .publisher")).stream()
                        .map(WebElement::getText)
                        .toList())
                .hasSize(Integer.parseInt(count))
                .allMatch("江西省市场监督管理局"::equals);
        screenshot("search-facet.png");

        browser.findElement(By.cssSelector("#results li.hit h3 a")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("notice-title"), RealNoticeFixtures.MARKET_STANDARD_DRAFT));
        assertThat(browser.findElement(By.id("meta")).getText())
                .contains("发布机构", "江西省市场监督管理局", "索引号", "发布日期", "2020-02-18");
        assertThat(browser.findElement(By.id("notice-body")).getText()).contains("征求意见稿");
        assertThat(browser.findElement(By.id("attachments")).getText()).contains(RealNoticeFixtures.ATTACHMENT_NAME);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("related"), RealNoticeFixtures.MARKET_STANDARD_CALL));
        screenshot("notice.png");
    }

    @Test
    void eachIssuerOfAJointNoticeLinksToItsNotices() throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        String joint = stack.notices.stream()
                .filter(n -> n.metadata().publisher().equals("市场监管总局、教育部、公安部"))
                .findFirst()
                .orElseThrow()
                .noticeId();
        browser.get(stack.url() + "/notice.html?id=" + joint);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#meta .issuers a")));
        assertThat(browser.findElements(By.cssSelector("#meta .issuers a")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("市场监管总局", "教育部", "公安部");

        browser.findElement(By.linkText("教育部")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "全部公告"));
        assertThat(browser.findElement(By.cssSelector("#chosen .chip")).getText())
                .contains("发布机构：教育部");
        List<String> publishers = browser.findElements(By.cssSelector("#results .publisher")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(publishers).contains("市场监管总局、教育部、公安部").allMatch(p -> p.contains("教育部"));
        assertThat(browser.findElement(By.cssSelector("#facets [data-facet=publisher] a[data-value='公安部'] .count"))
                        .getText())
                .isEqualTo("1");
        screenshot("joint-issuer.png");
    }

    @Test
    void aSiteInThePageAddressFiltersTheResultAndShowsAsARemovableChip() throws IOException {
        browser.manage().window().setSize(new Dimension(1280, 900));
        long jiangxi =
                stack.notices.stream().filter(n -> n.siteId().equals("jiangxi")).count();
        assertThat(jiangxi).isPositive().isLessThan(stack.notices.size());
        browser.get(stack.url() + "/?site=jiangxi");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "全部公告"));
        assertThat(browser.findElement(By.id("summary")).getText()).contains("全部公告 " + jiangxi + " 条");
        WebElement chip = browser.findElement(By.cssSelector("#chosen .chip"));
        assertThat(chip.getText()).contains("站点：jiangxi");

        chip.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("summary"), "全部公告 " + stack.notices.size() + " 条"));
        assertThat(browser.findElements(By.cssSelector("#chosen .chip"))).isEmpty();
    }

    @Test
    void aSubjectModelVersionInThePageAddressFiltersTheResultAndShowsAsAChip() {
        // an operator's link after a rollback (session 19): the notices that model classified
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(stack.url() + "/?subject_model_version=" + RealNoticeFixtures.CRAWL_MODEL);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "全部公告"));

        assertThat(browser.findElement(By.id("summary")).getText())
                .contains("全部公告 " + RealNoticeFixtures.PREDICTED_BY_CRAWL_MODEL.size() + " 条");
        assertThat(browser.findElement(By.cssSelector("#chosen .chip")).getText())
                .contains("分类模型：" + RealNoticeFixtures.CRAWL_MODEL);
    }

    @Test
    void aCopyOnTheResultsOwnSiteIsNamedByItsPathNotByTheSameHost() {
        // session 17's trial: "也发布于：127.0.0.67:18791", the host of the result itself, read as another site
        browser.manage().window().setSize(new Dimension(1280, 900));
        EnrichedNotice original = stack.notices.get(RealNoticeFixtures.SAME_SITE_COPY_OF);
        EnrichedNotice copy = stack.mirrors.get(2);
        assertThat(copy.siteId()).isEqualTo(original.siteId());
        browser.get(stack.url() + "/");
        search(original.title());

        WebElement hit = browser.findElements(By.cssSelector("#results li.hit")).stream()
                .filter(h -> List.of(original.noticeId(), copy.noticeId()).contains(h.getAttribute("data-id")))
                .findFirst()
                .orElseThrow();
        EnrichedNotice other = copy.noticeId().equals(hit.getAttribute("data-id")) ? original : copy;
        assertThat(hit.findElement(By.cssSelector(".copies")).getText())
                .isEqualTo("也发布于：" + URI.create(other.url()).getRawPath());
    }

    @Test
    void eachResultShowsAndLinksTheHostItWasPublishedOnBesideItsCopies() {
        // session 17's trial: the card named the copies' hosts but never the result's own
        browser.manage().window().setSize(new Dimension(1280, 900));
        browser.get(stack.url() + "/");
        search(RealNoticeFixtures.MOURNING_TITLE);

        WebElement first = browser.findElement(By.cssSelector("#results li.hit"));
        EnrichedNotice shown = stack.notices.stream()
                .filter(n -> n.noticeId().equals(first.getAttribute("data-id")))
                .findFirst()
                .orElseThrow();
        WebElement site = first.findElement(By.cssSelector(".meta-line a.site"));
        assertThat(site.getText()).isEqualTo(URI.create(shown.url()).getRawAuthority());
        assertThat(site.getAttribute("href")).isEqualTo(shown.url());
        assertThat(first.findElement(By.cssSelector(".copies")).getText())
                .as("the mirror's host is another one")
                .isEqualTo("也发布于：tw.mirror.example.org");
    }

    private static void search(String query) {
        WebElement box = browser.findElement(By.id("q"));
        box.clear();
        box.sendKeys(query);
        box.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "共找到"));
    }

    private static String highlighted(WebElement hit) {
        return String.join(
                "",
                hit.findElements(By.cssSelector("h3 a em")).stream()
                        .map(WebElement::getText)
                        .toList());
    }

    @Test
    void aDocumentNumberInAnotherBracketFormAndScriptFindsItsNoticeOnAPhone() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(stack.url() + "/");
        search("贛府發［2020］6號");

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
