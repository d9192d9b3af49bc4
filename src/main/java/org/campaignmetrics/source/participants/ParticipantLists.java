package org.campaignmetrics.source.participants;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.campaignmetrics.config.Config.CampaignConfig;
import org.campaignmetrics.config.Config;
import org.campaignmetrics.config.ConfigException;
import org.campaignmetrics.format.Csv;
import org.campaignmetrics.format.UserNames;
import org.campaignmetrics.model.Participants;

/**
 * Who each campaign lists as taking part: {@code participants.usernames} and
 * {@code participants.file} — a username per line, or a CSV whose header has a {@code username}
 * column (a Programs &amp; Events Dashboard "students" export, of any header generation: 8 to 15
 * columns, the later ones with {@code global_id}). Names are normalised as MediaWiki does
 * ({@link UserNames}); blank lines are skipped; a name listed twice in a campaign is one row.
 * A Dashboard row with a {@code global_id} is an account known to exist (its central id), and so
 * is a CampaignEvents registrant; a plain name is not (docs/metrics.md "Who is a participant").
 * Lists are small (one row per listed person), so they are read on the driver.
 */
public final class ParticipantLists {
  /** The header of a one-column list, as the Dashboard and most tools write it; "Username" is a name. */
  static final String ONE_COLUMN_HEADER = "username";
  /**
   * Header words (a Dashboard export's columns, and the usual names for a name column): a multi-field
   * first line with any of them and no {@code username} is a header without the column, not a name.
   */
  static final Set<String> DASHBOARD_COLUMNS = Set.of("name", "user", "user_name", "global_id",
      "enrollment_timestamp", "registered_at", "revisions_during_project", "mainspace_bytes_added", "revisions", "characters_added",
      "references_added", "registered_during_project", "total_uploads_count", "uploads_in_use", "upload_usage_count",
      "training_modules_completed", "total_articles_created", "total_articles_edited", "real_name", "course");

  private ParticipantLists() {}

  /** One listed name, and the central id its source gives (null: none). */
  record Entry(String name, Long centralId) {}

  public static Dataset<Row> read(SparkSession spark, Config config) {
    return spark.createDataFrame(names(spark.sparkContext().hadoopConfiguration(), config), Participants.LISTED);
  }

  /** The listed names (also called before Spark starts, so that a bad list fails as a config error). */
  public static List<Row> names(Configuration hadoop, Config config) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < config.campaigns().size(); i++) {
      CampaignConfig campaign = config.campaigns().get(i);
      Set<String> seen = new LinkedHashSet<>();
      boolean registrants = EVENT_REGISTRANTS.equals(campaign.usernamesSource());
      for (String name : campaign.usernames()) {
        String normal = UserNames.normalise(name);
        if (normal != null && seen.add(normal)) {
          rows.add(RowFactory.create(campaign.id(), normal, campaign.usernamesSource(), registrants, null));
        }
      }
      if (campaign.participantsFile() != null) {
        String key = "campaigns[" + i + "].participants.file";
        for (Entry entry : readFile(hadoop, campaign.participantsFile(), key)) {
          String normal = UserNames.normalise(entry.name());
          if (normal != null && seen.add(normal)) {
            rows.add(RowFactory.create(campaign.id(), normal, "file", entry.centralId() != null, entry.centralId()));
          }
        }
      }
    }
    return rows;
  }

  /** Every campaign's listed rows: its lists, then its Commons category's uploaders (which queries Commons). */
  public static List<Row> everyone(Configuration hadoop, Config config) {
    List<Row> rows = new ArrayList<>(names(hadoop, config));
    rows.addAll(CommonsUploaders.listed(config));
    return rows;
  }

  /** The distinct names of listed rows ({@link Participants#LISTED}), sorted. */
  public static TreeSet<String> namesOf(List<Row> rows) {
    int name = Participants.LISTED.fieldIndex(Participants.USER_NAME);
    TreeSet<String> names = new TreeSet<>();
    rows.forEach(r -> names.add(r.getString(name)));
    return names;
  }

  /** The {@code source} of CampaignEvents registrants (accounts known to exist: named through CentralAuth). */
  public static final String EVENT_REGISTRANTS = "campaignevents";

  static List<Entry> readFile(Configuration hadoop, String file, String key) {
    Path path = new Path(file);
    List<Entry> names = new ArrayList<>();
    try (FSDataInputStream in = path.getFileSystem(hadoop).open(path);
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String first = reader.readLine();
      if (first == null) {
        return names;
      }
      first = first.replace("\uFEFF", "");
      List<String> header = Csv.split(first);
      int column = -1;
      int globalId = -1;
      for (int c = 0; c < header.size(); c++) {
        String name = header.get(c).strip().toLowerCase(Locale.ROOT);
        if (name.equals("username")) {
          column = c;
        } else if (name.equals("global_id")) {
          globalId = c;
        }
      }
      boolean csv = header.size() > 1 && column >= 0;
      if (header.size() > 1 && column < 0
          && header.stream().anyMatch(h -> DASHBOARD_COLUMNS.contains(h.strip().toLowerCase(Locale.ROOT)))) {
        throw new ConfigException(key + ": " + file + " looks like a CSV but has no 'username' column in its header "
            + header);
      }
      if (!csv && !first.strip().equals(ONE_COLUMN_HEADER)) {
        names.add(new Entry(first, null)); // a plain list: the first line is a name (it may hold a comma)
      }
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        if (!csv) {
          names.add(new Entry(line, null));
          continue;
        }
        List<String> fields = Csv.split(line);
        if (column >= fields.size()) {
          throw new ConfigException(key + ": " + file + " line " + lineNumber + " has no field " + (column + 1)
              + " (username)");
        }
        names.add(new Entry(fields.get(column), centralId(fields, globalId, key, file, lineNumber)));
      }
      return names;
    } catch (FileNotFoundException e) {
      throw new ConfigException(key + ": no such file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " (" + key + ")", e);
    }
  }

  private static Long centralId(List<String> fields, int column, String key, String file, int lineNumber) {
    if (column < 0 || column >= fields.size() || fields.get(column).isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(fields.get(column).strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": " + file + " line " + lineNumber + ": global_id '" + fields.get(column)
          + "' is not a number");
    }
  }
}
