package org.campaignmetrics.source.participants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.config.ConfigLoader;
import org.campaignmetrics.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticipantListsTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void namesComeFromTheConfigAPlainListOrADashboardCsvNormalisedOnce() throws IOException {
    Path plain = dir.resolve("plain.txt");
    Files.writeString(plain, "alice_smith\n\n  Bob \nalice smith\n");
    Path dashboard = dir.resolve("students.csv");
    Files.writeString(dashboard, "\uFEFFusername,enrolled_at,revisions\n\"Zoë, the editor\",2021-09-01,3\ncarol,2021-09-02,0\n");
    Config config = ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "history: {path: x}",
        "campaigns:",
        "  - {id: a, start: \"2021-09-01\", end: \"2021-09-30\", participants: {usernames: [Dora, dora], file: " + plain + "}}",
        "  - {id: b, start: \"2021-09-01\", end: \"2021-09-30\", participants: {file: " + dashboard + "}}"));
    List<String> rows = ParticipantLists.read(spark, config).collectAsList().stream()
        .map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2)).toList();
    assertEquals(List.of("a|Dora|config", "a|Alice smith|file", "a|Bob|file", "b|Zoë, the editor|file",
        "b|Carol|file"), rows);
  }

  @Test
  void aCsvWithoutAUsernameColumnOrAMissingFileIsAConfigError() throws IOException {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "name,when\nx,y\n");
    Config config = ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "history: {path: x}",
        "campaigns:", "  - {id: a, start: \"2021-09-01\", end: \"2021-09-30\", participants: {file: " + csv + "}}",
        "  - {id: b, start: \"2021-09-01\", end: \"2021-09-30\", participants: {file: " + dir.resolve("none.txt") + "}}"));
    ConfigException e = assertThrows(ConfigException.class, () -> ParticipantLists.read(spark, config));
    assertEquals("campaigns[0].participants.file: " + csv + " looks like a CSV but has no 'username' column in its "
        + "header [name, when]", e.getMessage());
  }
}
