"""A three-day world for the Dagster tests, scored with the shipped sheets. Every figure the
tests expect is worked out in tests/test_history.py from these rows."""

from __future__ import annotations

from orchestration.warehouse.duckdb_engine import DuckDBEngine
from tests.support.harness import at

DAYS = ["2026-06-01", "2026-06-02", "2026-06-03"]


ACCOUNTS = [("A1", "acme.com", "Acme", "software", 1000, 100_000_000, "US")]
LEADS = [
    ("L1", "ceo@acme.com", "CEO", "US", "A1", "direct", at("2026-05-01 00:00")),
    (
        "L2",
        "cto@acme.com",
        "Chief Technology Officer",
        "US",
        "A1",
        "direct",
        at("2026-05-01 00:00"),
    ),
    ("L3", "ops@acme.com", "CEO", "US", "A1", "direct", at("2026-06-02 09:00")),
]
ACTIVITIES = [
    ("E1", "L1", "demo_request", at("2026-06-01 10:00"), "https://x.com/demo", None),
    ("E2", "L1", "page_view", at("2026-06-02 10:00"), "https://x.com/pricing", None),
    ("E3", "L2", "trial_signup", at("2026-06-01 09:00"), "https://x.com/signup", None),
    ("E4", "L2", "demo_request", at("2026-06-01 09:30"), "https://x.com/demo", None),
    ("E5", "L2", "form_submit", at("2026-06-01 10:00"), "https://x.com/contact", None),
]


# The rest of Acme's buying group on the shipped b2b_default (decision_maker executive|vp,
# champion director|manager, user: anyone else): the executives L1 and L2 are decision
# makers; the engineer and the analyst are users from 06-01; the director engages on 06-02.
BUYING_GROUP_LEADS = [
    ("D1", "it@acme.com", "Director of IT", "US", "A1", "direct", at("2026-05-01 00:00")),
    ("U1", "eng@acme.com", "Engineer", "US", "A1", "direct", at("2026-05-01 00:00")),
    ("U2", "data@acme.com", "Analyst", "US", "A1", "direct", at("2026-05-01 00:00")),
]
BUYING_GROUP_ACTIVITIES = [
    ("E6", "U1", "demo_request", at("2026-06-01 11:00"), "https://x.com/demo", None),
    ("E7", "U2", "trial_signup", at("2026-06-01 11:00"), "https://x.com/signup", None),
    ("E8", "D1", "demo_request", at("2026-06-02 11:00"), "https://x.com/demo", None),
]


def load_buying_group(path) -> None:
    """Add the rest of Acme's buying group to the world `load` wrote."""
    with DuckDBEngine(path) as engine:
        engine.append_rows("leads", BUYING_GROUP_LEADS)
        engine.append_rows("activities", BUYING_GROUP_ACTIVITIES)


def load(path) -> None:
    with DuckDBEngine(path) as engine:
        engine.create_raw_tables(replace=True)
        engine.append_rows("accounts", ACCOUNTS)
        engine.append_rows("leads", LEADS)
        engine.append_rows("activities", ACTIVITIES)
