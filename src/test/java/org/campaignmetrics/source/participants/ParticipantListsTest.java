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

  private List<String> listed(Path file) {
    Config config = ConfigLoader.parse(String.join("\n", "snapshot: \"2026-09\"", "history: {path: x}",
        "campaigns:", "  - {id: a, start: \"2021-09-01\", end: \"2021-09-30\", participants: {file: " + file + "}}"));
    return ParticipantLists.names(spark.sparkContext().hadoopConfiguration(), config).stream()
        .map(r -> r.getString(1) + "|" + r.getBoolean(3) + "|" + r.get(4)).toList();
  }

  @Test
  void aPlainListWhoseFirstNameHasACommaOrIsUsernameIsAListOfNames() throws IOException {
    Path comma = dir.resolve("comma.txt");
    Files.writeString(comma, "Smith, John\nAda\n");
    assertEquals(List.of("Smith, John|false|null", "Ada|false|null"), listed(comma));
    Path username = dir.resolve("username.txt");
    Files.writeString(username, "Username\nAda\n"); // a user named Username
    assertEquals(List.of("Username|false|null", "Ada|false|null"), listed(username));
    Path header = dir.resolve("header.txt");
    Files.writeString(header, "username\nAda\n"); // the one-column header as tools write it
    assertEquals(List.of("Ada|false|null"), listed(header));
  }

  @Test
  void dashboardExportsOfEveryHeaderGenerationAreRead() throws IOException {
    // 8 columns, before global_id (names only)
    Path old = dir.resolve("students-8.csv");
    Files.writeString(old, "username,enrollment_timestamp,registered_at,revisions_during_project,"
        + "mainspace_bytes_added,userspace_bytes_added,draft_space_bytes_added,registered_during_project\n"
        + "Ada_Lovelace,2021-09-01 10:00:00 UTC,2015-01-01 00:00:00 UTC,3,120,0,0,false\n");
    assertEquals(List.of("Ada Lovelace|false|null"), listed(old));
    // 15 columns, global_id second (CourseStudentsCsvBuilder CSV_HEADERS of WikiEduDashboard);
    // the last column holds commas inside quotes; an empty global_id is a plain name
    Path current = dir.resolve("students-15.csv");
    Files.writeString(current, "username,global_id,enrollment_timestamp,registered_at,revisions_during_project,"
        + "mainspace_bytes_added,userspace_bytes_added,draft_space_bytes_added,references_added,"
        + "registered_during_project,total_articles_created,total_articles_edited,completed_training_modules_count,"
        + "assigned_training_modules_count,completed_training_modules\n"
        + "Ada,4242,2021-09-01,2015-01-01,3,120,0,0,1,false,0,2,2,3,\"Editing basics, Sandboxes\"\n"
        + "Bea,,2021-09-01,2021-09-05,0,0,0,0,0,true,0,0,0,3,\n");
    assertEquals(List.of("Ada|true|4242", "Bea|false|null"), listed(current));
  }
}
