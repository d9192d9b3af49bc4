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
import java.util.Set;
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
 * column (a Programs &amp; Events Dashboard "students" export). Names are normalised as
 * MediaWiki does (underscores as spaces, first letter upper case); blank lines are skipped.
 * Lists are small (one row per listed person), so they are read on the driver.
 */
public final class ParticipantLists {
  private ParticipantLists() {}

  public static Dataset<Row> read(SparkSession spark, Config config) {
    return spark.createDataFrame(names(spark.sparkContext().hadoopConfiguration(), config), Participants.LISTED);
  }

  /** The listed names (also called before Spark starts, so that a bad list fails as a config error). */
  public static List<Row> names(Configuration hadoop, Config config) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < config.campaigns().size(); i++) {
      CampaignConfig campaign = config.campaigns().get(i);
      Set<String> seen = new LinkedHashSet<>();
      for (String name : campaign.usernames()) {
        String normal = UserNames.normalise(name);
        if (normal != null && seen.add(normal)) {
          rows.add(RowFactory.create(campaign.id(), normal, campaign.usernamesSource()));
        }
      }
      if (campaign.participantsFile() != null) {
        String key = "campaigns[" + i + "].participants.file";
        for (String name : readFile(hadoop, campaign.participantsFile(), key)) {
          String normal = UserNames.normalise(name);
          if (normal != null && seen.add(normal)) {
            rows.add(RowFactory.create(campaign.id(), normal, "file"));
          }
        }
      }
    }
    return rows;
  }

  static List<String> readFile(Configuration hadoop, String file, String key) {
    Path path = new Path(file);
    List<String> names = new ArrayList<>();
    try (FSDataInputStream in = path.getFileSystem(hadoop).open(path);
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String first = reader.readLine();
      if (first == null) {
        return names;
      }
      first = first.replace("\uFEFF", "");
      List<String> header = Csv.split(first);
      int column = -1;
      for (int c = 0; c < header.size(); c++) {
        if (header.get(c).strip().equalsIgnoreCase("username")) {
          column = c;
        }
      }
      if (column < 0 && header.size() > 1) {
        throw new ConfigException(key + ": " + file + " looks like a CSV but has no 'username' column in its header "
            + header);
      }
      if (column < 0) {
        names.add(first); // a plain list: the first line is a name
        column = 0;
      }
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = header.size() > 1 ? Csv.split(line) : List.of(line);
        if (column >= fields.size()) {
          throw new ConfigException(key + ": " + file + " line " + lineNumber + " has no field " + (column + 1));
        }
        names.add(fields.get(column));
      }
      return names;
    } catch (FileNotFoundException e) {
      throw new ConfigException(key + ": no such file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + " (" + key + ")", e);
    }
  }
}
