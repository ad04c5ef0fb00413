"""A world of bots, duplicate leads and bad input (contract §3-§5): bot rules of each kind with
activities at their edges; CRM and e-mail merges, with chains and a cycle longer than any fixed
number of steps and addresses that differ only in white space and case; and raw tables that
arrive as text, as from a CSV dump, with values that do not fit their columns. Added to the
hand-worked scenario of tests/test_scoring_scenario.py (its sheets score them).
tests/test_clean_signals.py works the figures out by hand; tests/support/engine_comparison.py builds
the same on PostgreSQL and Spark."""

from __future__ import annotations

from datetime import datetime

from orchestration.warehouse import RAW_TABLES
from tests.support.harness import Project, at

D = "2026-06-30"
NEXT_DAY = "2026-07-01"

# burst: three e-mail opens of a lead within 2 s; honeypot: what the lead did within 5 s of a
# trap link; user agents with "bot"; addresses in 10.9.0.0/16
BOT_RULES = """
rule_id,kind,activity_type,pattern,max_events,within_seconds,description
b_burst,burst,email_open,,2,2.0,Link scanner: three opens within 2 s
c_trap,honeypot_url,,%/trap%,,5,A link no person sees
d_agent,user_agent,,%bot%,,,Crawlers
e_net,ip_prefix,,10.9.,,,The scanner's network
"""


CREATED = at("2026-06-01 00:00")
BROWSER = "Mozilla/5.0 Firefox/125.0"
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1)"
PRICING = "https://x.com/pricing"

# H00 -> H01 -> ... -> H40: 40 merges, all before D; J00 -> ... -> J40, J20 -> J21 recorded
# after D; a cycle of 33 merges Z00 -> Z01 -> ... -> Z32 -> Z00, and W1 merged into Z05 from
# outside it
H = [f"H{n:02}" for n in range(41)]
J = [f"J{n:02}" for n in range(41)]
Z = [f"Z{n:02}" for n in range(33)]

LEADS = [
    # lead_id, email, job_title, country, account_id, lead_source, created_at
    *[(f"B{n}", None, None, "de", None, "web", CREATED) for n in range(1, 9)],
    # the same address three times: M3 has no created_at, so it comes first and survives
    ("M1", "ann@acme.com", None, "de", None, "web", at("2026-06-02 00:00")),
    ("M2", " ANN@Acme.com ", None, "de", None, "web", at("2026-06-03 00:00")),
    ("M3", "Ann@ACME.com", None, "de", None, "web", None),
    # a chain C1 -> C2 -> C3; a cycle Y1 <-> Y2 and Y3 merged into it; a merge after D; a
    # lead merged into itself
    *[(lead, None, None, "de", None, "web", CREATED) for lead in ["C1", "C2", "C3"]],
    *[(lead, None, None, "de", None, "web", CREATED) for lead in ["Y1", "Y2", "Y3"]],
    *[(lead, None, None, "de", None, "web", CREATED) for lead in ["F1", "F2", "S1"]],
    # G1 merged by the CRM into G2, whose address G3 (created first) shares
    ("G1", "other@g.com", None, "de", None, "web", at("2026-06-02 00:00")),
    ("G2", "g@x.com", None, "de", None, "web", at("2026-06-03 00:00")),
    ("G3", " G@X.COM", None, "de", None, "web", at("2026-06-01 00:00")),
    # an address that is not valid is nobody's identity
    ("K1", "not an address", None, "de", None, "web", CREATED),
    ("K2", "not an address", None, "de", None, "web", CREATED),
    # M1's address again, with white space of other kinds around it: the same address
    ("M4", "ann@acme.com\t", None, "de", None, "web", at("2026-06-04 00:00")),
    ("M5", "\u00a0Ann@acme.com\n", None, "de", None, "web", at("2026-06-05 00:00")),
    # long chains and a long cycle (LONG_MERGES); V3 and V4 for a merge with a bad date
    *[(lead, None, None, "de", None, "web", CREATED) for lead in [*H, *J, *Z, "W1", "V3", "V4"]],
]

LEAD_MERGES = [
    # merged_lead_id, surviving_lead_id, merged_at
    ("C1", "C2", at("2026-06-10 00:00")),
    ("C2", "C3", at("2026-06-11 00:00")),
    ("Y1", "Y2", at("2026-06-10 00:00")),
    ("Y2", "Y1", at("2026-06-12 00:00")),
    ("Y3", "Y1", at("2026-06-12 00:00")),
    ("S1", "S1", at("2026-06-12 00:00")),  # merged into itself: a cycle of one
    ("F1", "F2", at("2026-07-05 00:00")),
    ("G1", "G2", at("2026-06-15 00:00")),
    ("G1", "C3", at("2026-06-20 00:00")),  # a repeated key, recorded later: duplicate_key
    ("U1", "NOPE", at("2026-06-15 00:00")),  # neither lead exists: unknown_lead
    *[(H[n], H[n + 1], at("2026-06-10 00:00")) for n in range(40)],
    *[(J[n], J[n + 1], at("2026-07-05" if n == 20 else "2026-06-10")) for n in range(40)],
    *[(Z[n], Z[(n + 1) % 33], at("2026-06-10 00:00")) for n in range(33)],
    ("W1", "Z05", at("2026-06-10 00:00")),
]


def open_(activity_id: str, lead: str, when: str, ip: str | None = None) -> tuple:
    return (activity_id, lead, "email_open", at(when), None, "news", BROWSER, ip)


def view(
    activity_id: str,
    lead: str,
    when: str,
    url: str | None = PRICING,
    agent: str = BROWSER,
    ip: str | None = None,
) -> tuple:
    return (activity_id, lead, "page_view", at(when), url, None, agent, ip)


ACTIVITIES = [
    # B1: three opens exactly 1 s apart, the outer two exactly 2 s: each has max_events (2)
    # others within 2 s, so all three are bots
    open_("X01", "B1", "2026-06-29 10:00:00"),
    open_("X02", "B1", "2026-06-29 10:00:01"),
    open_("X03", "B1", "2026-06-29 10:00:02"),
    # B2: the last a microsecond later: only the middle one has two others within 2 s
    open_("X04", "B2", "2026-06-29 10:00:00"),
    open_("X05", "B2", "2026-06-29 10:00:01"),
    open_("X06", "B2", "2026-06-29 10:00:02.000001"),
    # B3: a burst across midnight
    open_("X07", "B3", "2026-06-28 23:59:59"),
    open_("X08", "B3", "2026-06-29 00:00:00"),
    open_("X09", "B3", "2026-06-29 00:00:01"),
    # B4: two opens and a page view between them: a burst counts its own type only
    open_("X10", "B4", "2026-06-29 10:00:00"),
    view("X11", "B4", "2026-06-29 10:00:01", url=None),
    open_("X12", "B4", "2026-06-29 10:00:02"),
    # B5: the trap at 12:00:10; 5 s before and after are bots, 5.001 s and 6 s are not
    view("X13", "B5", "2026-06-20 12:00:04.999"),
    view("X14", "B5", "2026-06-20 12:00:05", url="https://x.com/home"),
    view("X15", "B5", "2026-06-20 12:00:10", url="https://x.com/links/TRAP?id=1"),
    open_("X16", "B5", "2026-06-20 12:00:15"),
    view("X17", "B5", "2026-06-20 12:00:16"),
    # B6: a crawler, the scanner's network, a neighbour network (10.90. is not 10.9.), both
    # rules at once (the lowest rule_id is named)
    view("X18", "B6", "2026-06-20 09:00:00", agent=CRAWLER),
    view("X19", "B6", "2026-06-20 10:00:00", ip="10.9.1.1"),
    view("X20", "B6", "2026-06-20 11:00:00", ip="10.90.1.1"),
    view("X21", "B6", "2026-06-20 12:00:00", agent=CRAWLER, ip="10.9.1.1"),
    # a crawler on a lead that does not exist: unknown_lead comes first
    view("X22", "B404", "2026-06-20 12:00:00", agent=CRAWLER),
    # B7: two opens just before midnight (no burst yet: the third arrives the next day)
    open_("X23", "B7", "2026-06-30 23:59:58"),
    open_("X24", "B7", "2026-06-30 23:59:59"),
    # B8: two opens 2 s apart (the one between them arrives a day late)
    open_("X25", "B8", "2026-06-15 10:00:00"),
    open_("X26", "B8", "2026-06-15 10:00:02"),
    # M1 and M2 open on the same day (r_open counts 1 a day for the person), M3 the day
    # before; M2 views pricing
    open_("X27", "M1", "2026-06-29 08:00:00"),
    open_("X28", "M2", "2026-06-29 09:00:00"),
    open_("X29", "M3", "2026-06-28 09:00:00"),
    view("X30", "M2", "2026-06-20 09:00:00"),
    # C1's view counts for C3; Y3's open for Y1; F1 keeps its own (merged after D); G1's view
    # counts for G3
    view("X31", "C1", "2026-06-25 09:00:00"),
    open_("X32", "Y3", "2026-06-25 09:00:00"),
    open_("X33", "F1", "2026-06-25 09:00:00"),
    view("X34", "G1", "2026-06-26 09:00:00"),
    open_("X35", "K1", "2026-06-26 09:00:00"),
    open_("X36", "K2", "2026-06-26 09:00:00"),
    # H00's view counts for H40, J00's for J20 (J20 -> J21 is not yet in force), J21's for J40,
    # W1's open for Z05 (the cycle's merges are rejected, its leads scored as themselves)
    view("X39", "H00", "2026-06-26 09:00:00"),
    view("X40", "J00", "2026-06-26 09:00:00"),
    view("X41", "J21", "2026-06-26 09:00:00"),
    open_("X42", "W1", "2026-06-26 09:00:00"),
]

# the next day's load: the third open of B7's burst, across midnight, and the open between
# B8's two, on a date loaded two weeks ago
NEXT_DAY_ACTIVITIES = [
    open_("X37", "B7", "2026-07-01 00:00:00"),
    open_("X38", "B8", "2026-06-15 10:00:01"),
]


# rows with a value that does not fit its column, each rejected as bad_value (the first such
# value of its row named in detail), and rows whose text fits
BAD_VALUES = {
    "leads": [
        ("V1", None, None, "de", None, "web", "yesterday"),
        ("V2", None, None, "de", None, "web", "2026-02-30"),  # no such day
        ("V5", None, None, "de", None, "web", " 2026-06-01T00:00:00+02:00\t"),  # fits
    ],
    "accounts": [
        ("AB1", "ab1.com", "AB1", "retail", "abc", "1000", "de"),
        ("AB2", "ab2.com", "AB2", "retail", "12.5", "1000", "de"),  # not a whole number
        ("AB3", "ab3.com", "AB3", "retail", "250", "1,5 Mio", "de"),
        ("AB4", "ab4.com", "AB4", "retail", "3000000000", "1000", "de"),  # beyond an integer
        ("AB5", "ab5.com", "AB5", "retail", "xx", "yy", "de"),  # the first one is named
        ("AB6", "ab6.com", "AB6", "retail", " 250.0 ", "+1000000.50", "de"),  # fits
    ],
    "activities": [
        ("X43", "B6", "page_view", "30/06/2026", PRICING, None, BROWSER, None),
        ("X44", "B6", "page_view", "2026-06-30T25:00:00", PRICING, None, BROWSER, None),
    ],
    "opportunities": [
        ("O1", "M3", None, "2026-06-20 10:00:00", "maybe", "100"),
        ("O2", "M3", None, "2026-06-21 10:00:00", "true", "a lot"),
        ("O3", "M3", None, "2026-06-22 10:00:00", "T", " 99.5 "),  # fits
        ("O4", "B5", None, "06/22/2026", "false", "1"),
    ],
    "lead_merges": [("V3", "V4", "soon")],
}
BAD_VALUE_REJECTIONS = [
    ("leads", "V1", "created_at: yesterday"),
    ("leads", "V2", "created_at: 2026-02-30"),
    ("accounts", "AB1", "employee_count: abc"),
    ("accounts", "AB2", "employee_count: 12.5"),
    ("accounts", "AB3", "annual_revenue: 1,5 Mio"),
    ("accounts", "AB4", "employee_count: 3000000000"),
    ("accounts", "AB5", "employee_count: xx"),
    ("activities", "X43", "occurred_at: 30/06/2026"),
    ("activities", "X44", "occurred_at: 2026-06-30T25:00:00"),
    ("opportunities", "O1", "is_won: maybe"),
    ("opportunities", "O2", "amount: a lot"),
    ("opportunities", "O4", "created_at: 06/22/2026"),
    ("lead_merges", "V3", "merged_at: soon"),
]


def add_clean_signals(project: Project) -> None:
    """The bot rules, leads, activities and merges of this world, added to a project whose
    sheets and raw tables are the scenario's (tests/support/scenario.py);
    then every raw table turned to text, as a CSV dump arrives, with the bad values added."""
    project.write_seed("bot_rules", BOT_RULES)
    project.append_raw("leads", LEADS)
    project.append_raw("activities", ACTIVITIES)
    project.append_raw("lead_merges", LEAD_MERGES)
    with project.engine() as engine:
        for table, columns in RAW_TABLES.items():
            _as_text(engine, table, list(columns), BAD_VALUES.get(table, []))


def _as_text(engine, table: str, columns: list[str], extra: list[tuple]) -> None:
    """raw.<table> again with every column text: its rows written as text, then `extra`."""
    _, rows = engine.query(f"select {', '.join(columns)} from raw.{table}")
    texts = [tuple(None if v is None else _text(v) for v in row) for row in [*rows, *extra]]
    engine.create_table(f"raw.{table}", dict.fromkeys(columns, "varchar"), replace=True)
    if texts:
        values = ", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * len(texts))
        engine.execute(
            f"insert into raw.{table} values {values}", [v for row in texts for v in row]
        )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def add_next_day(project: Project) -> None:
    project.append_raw("activities", NEXT_DAY_ACTIVITIES)
