-- bench/retention.sql — the retention datasets' counts, written for DuckDB from docs/metrics.md
-- ("Retention"), independently of the job's code: the peer of bench/retention.sh (issue 20, item 1).
--
-- bench/retention_duckdb.py defines its inputs before running it:
--   edits(wiki_db, user_id, event_ts, …), users(wiki_db, user_id, user_name, user_central_id,
--     registration_ts, creation_ts, first_edit_ts, created_by, is_bot, is_temporary): views over
--     the committed Parquet files of the snapshot (the files its commit record lists);
--   campaigns(campaign_id, series, country, campaign_start, campaign_end): the campaigns file;
--   listed(campaign_id, user_name): the participants files' names, normalised;
--   params(data_horizon, history_to, preregistration_days, min_edits, max_horizon): one row;
--   protected(country): privacy.protected_countries.
-- It covers what the bench's config uses: window `month` (a horizon's window is the curve's month
-- of the same k), every wiki and namespace, deleted pages counted, bots left out, names from files
-- (no account list: a name in no history read is `unverified`, left out), no CentralAuth table.
-- It writes the raw counts, before small-cell suppression (docs/metrics.md "Small cells"): the
-- comparison checks every count the job published and that the job's nulls are marked.

-- Accounts and people: person_key = c:<central id> where the account, or one of the same name, has one.
CREATE TEMP TABLE accounts AS
WITH central_by_name AS (
  SELECT user_name, min(user_central_id) AS central_id FROM users
  WHERE user_central_id IS NOT NULL GROUP BY user_name)
SELECT u.wiki_db, u.user_id, u.user_name,
       CASE WHEN coalesce(u.user_central_id, c.central_id) IS NOT NULL
            THEN 'c:' || CAST(coalesce(u.user_central_id, c.central_id) AS VARCHAR)
            ELSE 'n:' || u.user_name END AS person_key,
       u.is_bot, u.is_temporary, u.created_by, u.registration_ts, u.creation_ts, u.first_edit_ts
FROM users u LEFT JOIN central_by_name c USING (user_name);

-- Global registration: the earliest self/peer-created account's registration, else creation, else first edit.
CREATE TEMP TABLE people AS
SELECT person_key,
       bool_or(coalesce(is_bot, false)) AS is_bot,
       bool_or(coalesce(is_temporary, false)) AS is_temporary,
       min(CASE WHEN created_by IN ('self', 'peer')
                THEN coalesce(registration_ts, creation_ts, first_edit_ts) END) AS registration_ts
FROM accounts GROUP BY person_key;

-- Cohort members: listed names found in the history, not temporary, not bots, campaigns outside the
-- protected countries; newcomer ⇔ start − preregistration_days ≤ registration ≤ end.
CREATE TEMP TABLE members AS
SELECT DISTINCT l.campaign_id, k.person_key,
       coalesce(p.registration_ts >= c.campaign_start - to_days(CAST(params.preregistration_days AS INTEGER))
                AND p.registration_ts <= c.campaign_end, false) AS is_newcomer
FROM (SELECT DISTINCT campaign_id, user_name FROM listed) l
JOIN (SELECT DISTINCT user_name, person_key FROM accounts) k USING (user_name)
JOIN people p USING (person_key)
JOIN campaigns c USING (campaign_id)
CROSS JOIN params
WHERE NOT p.is_temporary AND NOT p.is_bot
  AND (c.country IS NULL OR c.country NOT IN (SELECT country FROM protected));

CREATE TEMP TABLE member_cohorts AS
SELECT campaign_id, person_key, 'all' AS cohort FROM members
UNION ALL
SELECT campaign_id, person_key, CASE WHEN is_newcomer THEN 'newcomers' ELSE 'existing' END FROM members;

-- Windows: month k = [E + (k−1) months, E + k months), E the campaign's end; censored when it ends
-- after the data horizon (window_open), else after the history read (history_not_read).
CREATE TEMP TABLE windows AS
SELECT c.campaign_id, k.k,
       c.campaign_end + to_months(CAST(k.k - 1 AS INTEGER)) AS window_start,
       c.campaign_end + to_months(CAST(k.k AS INTEGER)) AS window_end
FROM campaigns c CROSS JOIN params
CROSS JOIN LATERAL (SELECT range AS k FROM range(1, params.max_horizon + 1)) k
WHERE c.country IS NULL OR c.country NOT IN (SELECT country FROM protected);

CREATE TEMP TABLE windows_censored AS
SELECT w.*, CASE WHEN w.window_end > params.data_horizon THEN 'window_open'
                 WHEN w.window_end > params.history_to THEN 'history_not_read' END AS censored_because
FROM windows w CROSS JOIN params;

-- Activity: (campaign, person, k, wiki) with at least min_edits edits in the window; wiki_db null = any wiki.
-- The edits are scanned once, joined to the members' accounts.
CREATE TEMP TABLE activity AS
WITH member_accounts AS (
  SELECT DISTINCT a.wiki_db, a.user_id, a.person_key FROM accounts a
  WHERE a.person_key IN (SELECT person_key FROM members)),
person_edits AS (
  SELECT e.wiki_db, ma.person_key, e.event_ts
  FROM edits e JOIN member_accounts ma ON e.wiki_db = ma.wiki_db AND e.user_id = ma.user_id)
SELECT m.campaign_id, pe.person_key, w.k, pe.wiki_db, count(*) AS edits
FROM person_edits pe
JOIN members m ON m.person_key = pe.person_key
JOIN windows w ON w.campaign_id = m.campaign_id AND pe.event_ts >= w.window_start AND pe.event_ts < w.window_end
GROUP BY GROUPING SETS ((m.campaign_id, pe.person_key, w.k, pe.wiki_db), (m.campaign_id, pe.person_key, w.k))
HAVING count(*) >= (SELECT min_edits FROM params);

CREATE TEMP TABLE cohort_sizes AS
SELECT campaign_id, cohort, count(DISTINCT person_key) AS cohort_size FROM member_cohorts GROUP BY ALL;

-- The curve: every campaign × cohort × month (an empty cohort is 0); retained null when censored.
CREATE TEMP TABLE curve AS
WITH retained AS (
  SELECT a.campaign_id, mc.cohort, a.k, count(DISTINCT a.person_key) AS retained
  FROM activity a JOIN member_cohorts mc USING (campaign_id, person_key)
  WHERE a.wiki_db IS NULL GROUP BY ALL)
SELECT w.campaign_id, co.cohort, w.k AS month, w.window_start, w.window_end,
       coalesce(s.cohort_size, 0) AS cohort_size,
       CASE WHEN w.censored_because IS NULL THEN coalesce(r.retained, 0) END AS retained,
       w.censored_because IS NOT NULL AS censored, w.censored_because
FROM windows_censored w
CROSS JOIN (VALUES ('all'), ('newcomers'), ('existing')) co(cohort)
LEFT JOIN cohort_sizes s ON s.campaign_id = w.campaign_id AND s.cohort = co.cohort
LEFT JOIN retained r ON r.campaign_id = w.campaign_id AND r.cohort = co.cohort AND r.k = w.k;

CREATE TEMP TABLE summary AS
SELECT campaign_id, cohort, month AS horizon_months, window_start, window_end, cohort_size, retained,
       censored, censored_because
FROM curve WHERE month IN (SELECT unnest(horizons) FROM params);

-- By wiki: the wikis where someone of the cohort was active in the window.
CREATE TEMP TABLE by_wiki AS
SELECT a.campaign_id, mc.cohort, a.k AS horizon_months, a.wiki_db, count(DISTINCT a.person_key) AS retained
FROM activity a JOIN member_cohorts mc USING (campaign_id, person_key)
WHERE a.wiki_db IS NOT NULL AND a.k IN (SELECT unnest(horizons) FROM params)
GROUP BY ALL;

-- Rollups per series (country '') and per series × country: each person once, at their first
-- campaign of the group (earliest start, then id), which decides cohort and windows; a horizon is
-- censored in the group when it is for any of its campaigns.
CREATE TEMP TABLE rollup AS
WITH grouped AS (
  SELECT campaign_id, series, '' AS country, campaign_start FROM campaigns
  WHERE series IS NOT NULL AND (country IS NULL OR country NOT IN (SELECT country FROM protected))
  UNION ALL
  SELECT campaign_id, series, country, campaign_start FROM campaigns
  WHERE series IS NOT NULL AND country IS NOT NULL AND country NOT IN (SELECT country FROM protected)),
firsts AS (
  SELECT g.series, g.country, m.campaign_id, m.person_key, m.is_newcomer
  FROM members m JOIN grouped g USING (campaign_id)
  QUALIFY row_number() OVER (PARTITION BY g.series, g.country, m.person_key
                             ORDER BY g.campaign_start, m.campaign_id) = 1),
first_cohorts AS (
  SELECT series, country, campaign_id, person_key, 'all' AS cohort FROM firsts
  UNION ALL
  SELECT series, country, campaign_id, person_key, CASE WHEN is_newcomer THEN 'newcomers' ELSE 'existing' END
  FROM firsts),
sizes AS (SELECT series, country, cohort, count(DISTINCT person_key) AS cohort_size FROM first_cohorts GROUP BY ALL),
retained AS (
  SELECT f.series, f.country, f.cohort, a.k, count(DISTINCT f.person_key) AS retained
  FROM first_cohorts f JOIN activity a ON a.campaign_id = f.campaign_id AND a.person_key = f.person_key
  WHERE a.wiki_db IS NULL GROUP BY ALL),
censoring AS (
  SELECT g.series, g.country, w.k, bool_or(w.censored_because IS NOT NULL) AS censored,
         max(w.censored_because) AS censored_because
  FROM windows_censored w JOIN grouped g USING (campaign_id)
  WHERE w.k IN (SELECT unnest(horizons) FROM params) GROUP BY ALL)
SELECT c.series, nullif(c.country, '') AS country, co.cohort, c.k AS horizon_months,
       coalesce(s.cohort_size, 0) AS cohort_size,
       CASE WHEN NOT c.censored THEN coalesce(r.retained, 0) END AS retained, c.censored, c.censored_because
FROM censoring c
CROSS JOIN (VALUES ('all'), ('newcomers'), ('existing')) co(cohort)
LEFT JOIN sizes s ON s.series = c.series AND s.country = c.country AND s.cohort = co.cohort
LEFT JOIN retained r ON r.series = c.series AND r.country = c.country AND r.cohort = co.cohort AND r.k = c.k;
