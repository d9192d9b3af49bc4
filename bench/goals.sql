-- bench/goals.sql — the event contribution summary and goal progress, written for DuckDB from
-- docs/metrics.md ("Event contributions and goals"), independently of the job's code: the peer of
-- bench/goals.sh (issue 20, item 2). bench/goals_duckdb.py defines the ten CampaignEvents tables as
-- views over their TSV files, and disallowed(country). Visibility `public` only (what the job
-- publishes without internal outputs). The goal blobs are parsed to two levels of groups (what
-- bench/goals_data.py writes; the job takes three).

CREATE TEMP TABLE kept AS
SELECT * FROM campaign_events WHERE event_deleted_at IS NULL AND event_is_test_event = 0;

-- Eligible for contribution statistics: a type among editing-event 1, media-upload-event 2,
-- backlog-drive 4, contest 8; the country (the lowest ceea_id's address; none online) not
-- disallowed; at least one wiki.
CREATE TEMP TABLE eligible AS
WITH address AS (
  SELECT ceea_event AS event_id, arg_min(cea_country_code, ceea_id) AS country
  FROM ce_event_address JOIN ce_address ON ceea_address = cea_id GROUP BY ceea_event),
wikis AS (SELECT ceew_event_id AS event_id, count(*) AS wikis FROM ce_event_wikis GROUP BY ceew_event_id)
SELECT k.event_id, k.event_track_contributions = 1 AS tracks,
       (k.event_types & 15) <> 0
         AND (k.event_meeting_type = 2 OR a.country IS NULL OR a.country NOT IN (SELECT country FROM disallowed))
         AND coalesce(w.wikis, 0) > 0 AS eligible
FROM kept k LEFT JOIN address a USING (event_id) LEFT JOIN wikis w USING (event_id);

-- The summary: contributions not deleted, inner-joined to the registrations (no unregistration
-- condition), private registrants' rows left out; every kept event a row, zeros without any.
CREATE TEMP TABLE summary AS
WITH counted AS (
  SELECT c.* FROM ce_event_contributions c
  JOIN ce_participants p ON p.cep_event_id = c.cec_event_id AND p.cep_user_id = c.cec_user_id
  WHERE c.cec_deleted = 0 AND p.cep_private = 0)
SELECT k.event_id, 'public' AS visibility,
       count(DISTINCT c.cec_user_id) AS participants,
       count(DISTINCT c.cec_wiki) AS wikis,
       count(c.cec_id) FILTER (WHERE c.cec_edit_flags & 1 = 1) AS articles_created,
       count(DISTINCT CASE WHEN c.cec_edit_flags & 1 = 0 THEN c.cec_wiki || '|' || c.cec_page_id END) AS articles_edited,
       count(c.cec_id) AS edits,
       coalesce(sum(c.cec_bytes_delta) FILTER (WHERE c.cec_bytes_delta > 0), 0) AS bytes_added,
       coalesce(sum(c.cec_bytes_delta) FILTER (WHERE c.cec_bytes_delta < 0), 0) AS bytes_removed,
       coalesce(sum(c.cec_links_delta) FILTER (WHERE c.cec_links_delta > 0), 0) AS links_added,
       coalesce(sum(c.cec_links_delta) FILTER (WHERE c.cec_links_delta < 0), 0) AS links_removed
FROM kept k LEFT JOIN counted c ON c.cec_event_id = k.event_id
GROUP BY k.event_id;

-- The newest goal row of each kept event, and its items: level 1 (i1) and, in a group, level 2 (i2).
CREATE TEMP TABLE goals AS
SELECT ceeg_event_id AS event_id, arg_max(ceeg_goals, ceeg_id)::JSON AS blob
FROM ce_event_goals WHERE ceeg_event_id IN (SELECT event_id FROM kept) GROUP BY ceeg_event_id;

CREATE TEMP TABLE items1 AS
SELECT event_id, unnest(json_extract(blob, '$.metrics[*]')) AS item,
       generate_subscripts(json_extract(blob, '$.metrics[*]'), 1) - 1 AS i1
FROM goals;

CREATE TEMP TABLE leaves AS
SELECT event_id, i1, -1 AS i2, item FROM items1 WHERE json_exists(item, '$.metric')
UNION ALL
SELECT event_id, i1, generate_subscripts(json_extract(item, '$.metrics[*]'), 1) - 1,
       unnest(json_extract(item, '$.metrics[*]'))
FROM items1 WHERE NOT json_exists(item, '$.metric');

-- Not valid: an operator other than AND/OR, an empty or missing metrics list, an unknown metric, a
-- target that is not a JSON integer > 0.
CREATE TEMP TABLE invalid AS
SELECT DISTINCT event_id FROM (
  SELECT event_id FROM goals
  WHERE coalesce(blob ->> 'operator', '') NOT IN ('AND', 'OR') OR coalesce(json_array_length(blob, '$.metrics'), 0) = 0
  UNION ALL
  SELECT event_id FROM items1 WHERE NOT json_exists(item, '$.metric')
    AND (coalesce(item ->> 'operator', '') NOT IN ('AND', 'OR') OR coalesce(json_array_length(item, '$.metrics'), 0) = 0)
  UNION ALL
  SELECT event_id FROM leaves
  WHERE coalesce(item ->> 'metric', '') NOT IN ('total_articles_created', 'total_articles_edited', 'total_edits',
          'total_bytes_added', 'total_bytes_removed', 'total_links_added', 'total_links_removed')
     OR json_type(item, '$.target') NOT IN ('UBIGINT', 'BIGINT') OR (item ->> 'target')::HUGEINT <= 0);

-- Each leaf: actual (the summary's value; removed bytes and links as absolute values), completion
-- = min(actual / target, 1).
CREATE TEMP TABLE leaf_values AS
SELECT l.event_id, l.i1, l.i2, l.item ->> 'metric' AS metric,
       CASE l.item ->> 'metric'
         WHEN 'total_articles_created' THEN s.articles_created WHEN 'total_articles_edited' THEN s.articles_edited
         WHEN 'total_edits' THEN s.edits WHEN 'total_bytes_added' THEN s.bytes_added
         WHEN 'total_bytes_removed' THEN abs(s.bytes_removed) WHEN 'total_links_added' THEN s.links_added
         WHEN 'total_links_removed' THEN abs(s.links_removed) END AS actual,
       (l.item ->> 'target')::BIGINT AS target
FROM leaves l JOIN summary s USING (event_id)
WHERE l.event_id NOT IN (SELECT event_id FROM invalid);

-- A group: AND = the mean of its items' values summed in order, OR = their maximum.
CREATE TEMP TABLE level1_values AS
WITH inner_groups AS (
  SELECT v.event_id, v.i1,
         CASE WHEN i.item ->> 'operator' = 'AND'
              THEN list_reduce(list(least(v.actual / v.target, 1.0::DOUBLE) ORDER BY v.i2), (a, b) -> a + b) / count(*)
              ELSE max(least(v.actual / v.target, 1.0::DOUBLE)) END AS value
  FROM leaf_values v JOIN items1 i USING (event_id, i1)
  WHERE v.i2 >= 0 GROUP BY v.event_id, v.i1, i.item ->> 'operator')
SELECT event_id, i1, least(actual / target, 1.0::DOUBLE) AS value FROM leaf_values WHERE i2 < 0
UNION ALL
SELECT event_id, i1, value FROM inner_groups;

CREATE TEMP TABLE progress AS
WITH top AS (
  SELECT v.event_id,
         CASE WHEN g.blob ->> 'operator' = 'AND'
              THEN list_reduce(list(v.value ORDER BY v.i1), (a, b) -> a + b) / count(*)
              ELSE max(v.value) END AS ratio
  FROM level1_values v JOIN goals g USING (event_id) GROUP BY v.event_id, g.blob ->> 'operator'),
primary_leaf AS (
  SELECT event_id, arg_min(metric, i1 * 1000 + i2) AS primary_metric, arg_min(actual, i1 * 1000 + i2) AS primary_current
  FROM leaf_values GROUP BY event_id)
SELECT g.event_id, 'public' AS visibility,
       CASE WHEN NOT e.tracks OR NOT e.eligible THEN NULL ELSE t.ratio END AS ratio,
       CASE WHEN NOT e.tracks OR NOT e.eligible THEN NULL ELSE CAST(floor(t.ratio * 100) AS INTEGER) END AS percent,
       CASE WHEN NOT e.tracks OR NOT e.eligible THEN NULL ELSE t.ratio >= 1 END AS reached,
       CASE WHEN NOT e.tracks OR NOT e.eligible THEN NULL ELSE p.primary_metric END AS primary_metric,
       CASE WHEN NOT e.tracks OR NOT e.eligible THEN NULL ELSE p.primary_current END AS primary_current,
       CASE WHEN NOT e.tracks OR NOT e.eligible THEN 'not counted'
            WHEN g.event_id IN (SELECT event_id FROM invalid) THEN 'not valid' END AS error
FROM goals g JOIN eligible e USING (event_id)
LEFT JOIN top t USING (event_id) LEFT JOIN primary_leaf p USING (event_id);
