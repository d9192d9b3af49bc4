package org.campaignmetrics.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** Text from wikis and configs that would act as a formula in a spreadsheet, or leak a password. */
class HostileTextTest {
  @Test
  void csvCellsThatASpreadsheetWouldRunAreNeutralisedNumbersAreNot() {
    assertEquals("'=HYPERLINK(\"\"http://x\"\";\"\"a\"\")", Csv.field("=HYPERLINK(\"http://x\";\"a\")").substring(1,
        Csv.field("=HYPERLINK(\"http://x\";\"a\")").length() - 1));
    assertEquals("'+1", Csv.field("+1"));
    assertEquals("'-2+3", Csv.field("-2+3"));
    assertEquals("'@SUM(A1)", Csv.field("@SUM(A1)"));
    assertEquals("'\tx", Csv.field("\tx"));
    assertEquals("\"'\rx\"", Csv.field("\rx"));
    assertEquals("-3", Csv.field(-3L), "a negative number is a number");
    assertEquals("-0.5", Csv.field(-0.5));
    assertEquals("Women in Red", Csv.field("Women in Red"));
    assertEquals("'=1,plain", Csv.line(Arrays.asList("=1", "plain")));
    assertEquals(List.of("'=1", "plain"), Csv.split(Csv.line(Arrays.asList("=1", "plain"))));
  }

  @Test
  void databaseUrlsWithCredentialsAreConfigErrorsAndRedactedInMessages() {
    for (String url : List.of("jdbc:mariadb://bob:s3cret@db.example:3306/wikishared",
        "jdbc:mariadb://db.example:3306/wikishared?user=bob&password=s3cret",
        "jdbc:mariadb://db.example:3306/wikishared?pwd=s3cret")) {
      assertTrue(Urls.hasCredentials(url), url);
      ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
          () -> ConfigLoader.parse("snapshot: \"2026-09\"\ncampaignevents: {source: jdbc, url: \"" + url + "\"}\n"));
      assertTrue(e.getMessage().contains("campaignevents.url: must not hold credentials"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
    assertEquals("jdbc:mariadb://***@db.example:3306/w", Urls.redact("jdbc:mariadb://bob:s3cret@db.example:3306/w"));
    assertEquals("jdbc:mariadb://db:3306/w?user=bob&password=***&ssl=true",
        Urls.redact("jdbc:mariadb://db:3306/w?user=bob&password=s3cret&ssl=true"));
    assertFalse(Urls.hasCredentials("jdbc:mariadb://db.example:3306/wikishared?useSsl=true"));
  }
}
