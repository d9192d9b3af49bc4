package org.campaignmetrics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/** The command line cannot move us off UTC, nor read a live source for a month that has not ended. */
class JobOptionsTest {
  private static Config replicas(String snapshot) {
    return ConfigLoader.parse(String.join("\n", "snapshot: \"" + snapshot + "\"", "history:", "  source: replicas",
        "  wikis: [enwiki]"));
  }

  @Test
  void aSessionTimeZoneOtherThanUtcIsRefusedWithExitTwo() {
    CliTest.Result result = CliTest.run("validate", "--config", "conf/sample.yaml", "--conf",
        "spark.sql.session.timeZone=America/New_York");
    assertEquals(2, result.code(), result.err());
    assertTrue(result.err().contains("--conf spark.sql.session.timeZone=America/New_York: campaign-metrics computes "
        + "every window in UTC"), result.err());
    assertEquals(0, CliTest.run("validate", "--config", "conf/sample.yaml", "--conf",
        "spark.sql.session.timeZone=UTC").code());
  }

  @Test
  void aLiveSourceForAMonthNotEndedIsRefusedUnlessAllowed() {
    Instant midMonth = Instant.parse("2026-12-01T18:00:00Z");
    ConfigException e = assertThrows(ConfigException.class,
        () -> JobOptions.refuseOpenMonth(replicas("2026-12"), midMonth, false));
    assertTrue(e.getMessage().contains("snapshot: 2026-12 has not ended yet (it ends 2027-01-01T00:00:00Z) and "
        + "history.source: replicas reads live data"), e.getMessage());
    JobOptions.refuseOpenMonth(replicas("2026-12"), midMonth, true);
    JobOptions.refuseOpenMonth(replicas("2026-11"), midMonth, false);
    // the month ends at the first instant of the next: then it is closed
    JobOptions.refuseOpenMonth(replicas("2026-11"), Instant.parse("2026-12-01T00:00:00Z"), false);
    // dumps are a snapshot already taken
    JobOptions.refuseOpenMonth(ConfigLoader.parse("snapshot: \"2026-12\"\nhistory: {path: x}\n"), midMonth, false);
  }
}
