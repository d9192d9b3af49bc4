package org.campaignmetrics.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Country and Territory Protection List as shipped: {@code conf/country-protection-list.txt},
 * built into the jar as {@value #RESOURCE} (source, date and how to update it are in the file).
 * One code a line, first on the line; {@code #} starts a comment.
 */
public final class ProtectedCountries {
  /** In {@code privacy.protected_countries}: the shipped list. */
  public static final String DEFAULT = "default";
  public static final String RESOURCE = "org/campaignmetrics/config/country-protection-list.txt";
  private static volatile Set<String> shipped;

  private ProtectedCountries() {}

  /** The shipped list (read once). */
  public static Set<String> shipped() {
    if (shipped == null) {
      shipped = read();
    }
    return shipped;
  }

  private static Set<String> read() {
    InputStream in = ProtectedCountries.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("the build lost " + RESOURCE + " (from conf/country-protection-list.txt): "
          + "rebuild, or set privacy.protected_countries");
    }
    Set<String> codes = new TreeSet<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        String code = text.split("\\s+", 2)[0];
        if (!code.matches("[A-Z]{2}")) {
          throw new IllegalStateException(RESOURCE + " line " + number + ": '" + code + "' is not a country code");
        }
        codes.add(code);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE, e);
    }
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(codes)); // sorted: the config log lists it
  }
}
