package org.campaignmetrics.sample;

import java.time.Instant;

/** A campaign the synthetic history is built around (conf/sample.yaml lists the same ones). */
record SampleCampaign(String id, String wiki, Instant start, Instant end, int namespace, String titlePrefix,
    int newcomersPerScale, int existingParticipants) {}
