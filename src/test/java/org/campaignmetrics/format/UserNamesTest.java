package org.campaignmetrics.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@link UserNames#normalise} against MediaWikiTitleCodec::splitTitleString's rules (docs/metrics.md "Names"). */
class UserNamesTest {
  @Test
  void runsOfSpacesAndUnderscoresAreOneSpaceAndTheEndsGo() {
    assertEquals("Ada Lovelace", UserNames.normalise("  ada__ _Lovelace_ "));
    assertEquals("Ada Lovelace", UserNames.normalise("Ada\u00A0\u3000Lovelace")); // no-break, ideographic space
    assertEquals("Smith, John", UserNames.normalise("smith, John"));
    assertEquals("Username", UserNames.normalise("Username"));
  }

  @Test
  void bidiMarksAndAByteOrderMarkAreRemoved() {
    assertEquals("Ada", UserNames.normalise("\uFEFFAda"));
    assertEquals("Ada Lovelace", UserNames.normalise("\u200EAda\u200F Lovelace\u202A"));
    assertEquals("Émile", UserNames.normalise("\u200Fémile"));
    assertNull(UserNames.normalise("\u200E _ \u200F"));
  }
}
