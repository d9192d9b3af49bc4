"""bench/goals_data.py OUT EVENTS CONTRIBUTIONS [SEED] — a generated CampaignEvents export for
bench/goals.sh (issue 20, item 2): the ten tables `campaignevents: {source: files}` reads, one
<table>.tsv each as `mariadb --batch` writes them (tab-separated, a header, NULL for null), like
sample-dumps/campaignevents/ but EVENTS events and CONTRIBUTIONS contribution rows.

What it varies, so that every rule of docs/metrics.md "Event contributions and goals" has work:
deleted and test events (2 % each); event types as bitmasks, some with no type that tracks
contributions; meeting types 1/2/3 and an address (a disallowed country, AQ, for 2 % of in-person
events); 0–3 wikis (`*all*` for some), 0–2 topics; organizers; 5–60 registrants an event from a pool
of 200,000 users (10 % private, 5 % unregistered later); contributions spread unevenly over the
events (by registrants, and 3 % by authors with no registration row, which do not count), 20 %
creations, 2 % deleted; goals for 70 % of the events (10 % with an older, superseded row), AND/OR
over 1–3 metrics, a fifth with a nested group (two levels), 2 % not valid (a target given as a
string). Standard library only; the same arguments give the same files.
"""
import os
import random
import sys

METRICS = ["total_articles_created", "total_articles_edited", "total_edits", "total_bytes_added",
           "total_bytes_removed", "total_links_added", "total_links_removed"]
WIKIS = ["enwiki", "commonswiki", "wikidatawiki", "dewiki", "hiwiki", "frwiki", "eswiki"]
TOPICS = ["biography", "women", "culture", "science", "heritage", "health"]
COUNTRIES = ["IN", "DE", "FR", "BR", "NG", "ID", "MX", "PL", "UA", "GH"]
USERS = 200_000


def ts(r, year_from=2025, year_to=2026):
    return "%04d%02d%02d%02d%02d%02d" % (r.randint(year_from, year_to), r.randint(1, 12), r.randint(1, 28),
                                         r.randint(0, 23), r.randint(0, 59), r.randint(0, 59))


def blob(r):
    def leaf():
        target = r.choice([1, 5, 10, 30, 50, 100, 1000, 10000, 100000])
        return '{"metric":"%s","target":%d}' % (r.choice(METRICS), target)

    if r.random() < 0.02:   # not valid: a target as a string
        return '{"operator":"AND","metrics":[{"metric":"total_edits","target":"30"}]}'
    items = [leaf() for _ in range(r.randint(1, 3))]
    if r.random() < 0.2:
        inner = ",".join(leaf() for _ in range(r.randint(1, 3)))
        items.insert(r.randint(0, len(items)), '{"operator":"%s","metrics":[%s]}' % (r.choice(["AND", "OR"]), inner))
    return '{"operator":"%s","metrics":[%s]}' % (r.choice(["AND", "OR"]), ",".join(items))


def main(out, events, contributions, seed):
    r = random.Random(seed)
    os.makedirs(out, exist_ok=True)

    def table(name, header):
        f = open(os.path.join(out, name + ".tsv"), "w", encoding="utf-8", newline="\n")
        f.write("\t".join(header) + "\n")
        return f

    ev = table("campaign_events", ["event_id", "event_name", "event_page_namespace", "event_page_title",
                                   "event_page_prefixedtext", "event_page_wiki", "event_chat_url", "event_status",
                                   "event_timezone", "event_start_local", "event_start_utc", "event_end_local",
                                   "event_end_utc", "event_types", "event_track_contributions", "event_meeting_type",
                                   "event_meeting_url", "event_created_at", "event_last_edit", "event_deleted_at",
                                   "event_is_test_event"])
    wk = table("ce_event_wikis", ["ceew_id", "ceew_event_id", "ceew_wiki"])
    tp = table("ce_event_topics", ["ceet_id", "ceet_event_id", "ceet_topic"])
    ad = table("ce_address", ["cea_id", "cea_full_address", "cea_country_code"])
    ea = table("ce_event_address", ["ceea_id", "ceea_event", "ceea_address"])
    og = table("ce_organizers", ["ceo_id", "ceo_event_id", "ceo_user_id", "ceo_roles", "ceo_created_at",
                                 "ceo_deleted_at", "ceo_agreement_timestamp"])
    pa = table("ce_participants", ["cep_id", "cep_event_id", "cep_user_id", "cep_private", "cep_registered_at",
                                   "cep_unregistered_at", "cep_first_answer_timestamp", "cep_aggregation_timestamp",
                                   "cep_hide_contribution_association_prompt"])
    go = table("ce_event_goals", ["ceeg_id", "ceeg_event_id", "ceeg_goals"])
    ids = {"wiki": 0, "topic": 0, "address": 0, "org": 0, "part": 0, "goal": 0}
    registrants = []   # per event: its registrants' user ids
    for e in range(1, events + 1):
        start = ts(r)
        end = start[:8] + "235959"
        types = r.choice([1, 1, 2, 3, 8, 10, 16, 32, 1 | 16, 2 | 256, 0])
        meeting = r.choice([1, 2, 3])
        ev.write("\t".join(map(str, [e, f"Bench event {e}", 1728, f"Bench_event_{e}", f"Event:Bench event {e}",
                                     "metawiki", "", r.choice([1, 1, 1, 2, 3, 4]), "UTC", start, start, end, end, types,
                                     0 if r.random() < 0.05 else 1, meeting, "", start, start,
                                     ts(r) if r.random() < 0.02 else "NULL", 1 if r.random() < 0.02 else 0])) + "\n")
        for wiki in (["*all*"] if r.random() < 0.05 else r.sample(WIKIS, r.choice([0, 1, 1, 1, 2, 3]))):
            ids["wiki"] += 1
            wk.write(f"{ids['wiki']}\t{e}\t{wiki}\n")
        for topic in r.sample(TOPICS, r.choice([0, 1, 1, 2])):
            ids["topic"] += 1
            tp.write(f"{ids['topic']}\t{e}\t{topic}\n")
        if meeting != 2:
            ids["address"] += 1
            country = "AQ" if r.random() < 0.02 else r.choice(COUNTRIES)
            ad.write(f"{ids['address']}\tBench street {e}\t{country}\n")
            ea.write(f"{ids['address']}\t{e}\t{ids['address']}\n")
        for k in range(r.randint(1, 2)):
            ids["org"] += 1
            og.write(f"{ids['org']}\t{e}\t{900000 + e * 3 + k}\t{r.choice([1, 2, 3, 3, 4, 6])}\t{start}\t"
                     f"{ts(r) if r.random() < 0.05 else 'NULL'}\tNULL\n")
        users = r.sample(range(1, USERS + 1), r.randint(5, 60))
        registrants.append(users)
        for u in users:
            ids["part"] += 1
            pa.write(f"{ids['part']}\t{e}\t{u}\t{1 if r.random() < 0.1 else 0}\t{start}\t"
                     f"{ts(r) if r.random() < 0.05 else 'NULL'}\tNULL\tNULL\t0\n")
        if r.random() < 0.7:
            for _ in range(2 if r.random() < 0.1 else 1):
                ids["goal"] += 1
                go.write(f"{ids['goal']}\t{e}\t{blob(r)}\n")
    for f in (ev, wk, tp, ad, ea, og, pa, go):
        f.close()
    # contributions: uneven over the events (a few large ones), by registrants mostly
    weights = [r.paretovariate(1.2) for _ in range(events)]
    chosen = r.choices(range(1, events + 1), weights=weights, k=contributions)
    with open(os.path.join(out, "ce_event_contributions.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(["cec_id", "cec_event_id", "cec_user_id", "cec_user_name", "cec_wiki", "cec_page_id",
                           "cec_page_prefixedtext", "cec_revision_id", "cec_edit_flags", "cec_bytes_delta",
                           "cec_links_delta", "cec_references_delta", "cec_timestamp", "cec_deleted"]) + "\n")
        for i, e in enumerate(chosen, start=1):
            users = registrants[e - 1]
            u = r.randint(1, USERS) if r.random() < 0.03 else users[r.randrange(len(users))]
            page = r.randint(1, 50_000)
            delta = int(r.gauss(300, 2000))
            links = int(r.gauss(1, 5))
            f.write(f"{i}\t{e}\t{u}\tUser {u}\t{r.choice(WIKIS[:4])}\t{page}\tPage {page}\t{10_000_000 + i}\t"
                    f"{1 if r.random() < 0.2 else 0}\t{delta}\t{links}\tNULL\t{ts(r)}\t"
                    f"{1 if r.random() < 0.02 else 0}\n")
    with open(os.path.join(out, "globaluser.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("gu_id\tgu_name\tgu_home_db\tgu_registration\n")
        for u in range(1, USERS + 1):
            f.write(f"{u}\tUser {u}\tenwiki\t{ts(r, 2010, 2026)}\n")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 7)
