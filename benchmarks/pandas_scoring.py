"""A straightforward pandas implementation of contract §3-§5, for the benchmark and the tests: the
lead_scores of every sheet as of one score date (every column but tier_entered_on), computed
from the raw and seed tables the way a Python analyst would, vectorised per rule and per
attribute; bot rules lead by lead and merges by following each chain in a loop.

Amounts with two decimals are kept as integer cents so the rounding (half away from zero, as
the SQL does) is exact; decayed points are floats until rounded, as in SQL.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

TEXT_ATTRIBUTES = [
    "job_title",
    "seniority",
    "country",
    "lead_source",
    "email_domain",
    "email_domain_type",
    "industry",
]
NUMERIC_ATTRIBUTES = ["employee_count", "annual_revenue"]
VALID_EMAIL = re.compile(r"[^@\s]+@[^@\s]*[.][^@\s]*")
# a key of nothing but these (Unicode's White_Space) is no key
BLANK_KEY = re.compile(
    "[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*"
)
# the seed columns that hold numbers (dbt loads every seed column as text)
SEED_NUMBERS = {
    "score_sheets": ["behavior_weight", "profile_weight", "window_days", "mql_threshold"],
    "behavior_rules": ["max_per_day", "max_points", "half_life_days"],
    "profile_rules": ["min_value", "max_value"],
    "score_groups": ["max_points"],
    "score_bands": ["min_score"],
    "seniority_keywords": ["priority"],
    "bot_rules": ["max_events", "within_seconds"],
}
MICROSECONDS = 1_000_000


def _norm(series: pd.Series) -> pd.Series:
    """Lower-cased, trimmed text; blank is missing."""
    text = series.astype("object").where(series.notna(), None)
    text = text.map(lambda v: v.strip().lower() if isinstance(v, str) else None)
    return text.where(text != "", None)


def _cents(values: pd.Series | np.ndarray) -> np.ndarray:
    """Round to 2 decimals, half away from zero, as integer cents (via 10 decimals, as the
    SQL's cast to decimal(38, 10) does)."""
    tenth = np.rint(np.asarray(values, dtype="float64") * 1e10).astype("int64")
    return np.sign(tenth) * ((np.abs(tenth) + 50_000_000) // 100_000_000)


def _cap(values: np.ndarray, caps: pd.Series) -> np.ndarray:
    """sign(x) * min(|x|, cap); a missing cap is no limit."""
    limit = caps.to_numpy(dtype="float64", na_value=np.inf)
    return np.sign(values) * np.minimum(np.abs(values), limit)


def _keep_first(frame: pd.DataFrame, key: str, order: list[str]) -> pd.DataFrame:
    """Rows with a non-blank key, one per key: the first by `order` (nulls last)."""
    if frame.empty:
        return frame
    blank = frame[key].map(lambda k: not isinstance(k, str) or bool(BLANK_KEY.fullmatch(k)))
    keyed = frame[~blank]
    ordered = keyed.sort_values(order, na_position="last", kind="stable")
    return ordered.drop_duplicates(key, keep="first")


def _like_regex(pattern: str) -> re.Pattern:
    """SQL LIKE (`%`, `_`) as a case-insensitive regular expression for the whole text."""
    parts = [".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern.lower()]
    return re.compile("".join(parts), re.DOTALL)


def read_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    names = ["leads", "accounts", "activities"]
    tables = {name: con.execute(f"select * from raw.{name}").df() for name in names}
    for column in ["user_agent", "ip_address"]:
        if column not in tables["activities"]:
            tables["activities"][column] = None
    merges = con.execute(
        "select count(*) from information_schema.tables"
        " where table_schema = 'raw' and table_name = 'lead_merges'"
    ).fetchone()[0]
    tables["lead_merges"] = con.execute(
        "select * from raw.lead_merges"
        if merges
        else "select null::varchar as merged_lead_id, null::varchar as surviving_lead_id,"
        " null::timestamp as merged_at where false"
    ).df()
    for seed in [
        "score_sheets",
        "activity_types",
        "behavior_rules",
        "profile_rules",
        "score_groups",
        "score_bands",
        "free_email_domains",
        "seniority_keywords",
        "bot_rules",
    ]:
        table = con.execute(f"select * from seeds.{seed}").df()
        for column in SEED_NUMBERS.get(seed, []):
            table[column] = pd.to_numeric(table[column].str.strip(), errors="raise")
        tables[seed] = table
    return tables


def _accepted_activities(t: dict[str, pd.DataFrame], leads: pd.DataFrame) -> pd.DataFrame:
    activities = _keep_first(
        t["activities"],
        "activity_id",
        [
            "activity_id",
            "occurred_at",
            "lead_id",
            "activity_type",
            "url",
            "campaign",
            "user_agent",
            "ip_address",
        ],
    )
    activities = activities[activities["occurred_at"].notna()].copy()
    activities["activity_type"] = _norm(activities["activity_type"])
    types = set(_norm(t["activity_types"]["activity_type"]).dropna())
    activities = activities[activities["lead_id"].notna() & activities["activity_type"].isin(types)]
    activities = activities[~_bot_flagged(t["bot_rules"], activities)]
    activities = activities[activities["lead_id"].isin(leads["lead_id"])].copy()
    activities["activity_date"] = activities["occurred_at"].dt.normalize()
    return activities


def _bot_flagged(rules: pd.DataFrame, activities: pd.DataFrame) -> pd.Series:
    """contract §4: True for the activities a bot rule flags, looking at each raw lead's
    activities in time order."""
    flagged = pd.Series(False, index=activities.index)
    at = (activities["occurred_at"] - pd.Timestamp("1970-01-01")) // pd.Timedelta("1us")
    for rule in rules.itertuples(index=False):
        kind = str(rule.kind).strip().lower()
        rule_type = _norm(pd.Series([rule.activity_type])).iloc[0]
        of_type = (
            activities["activity_type"] == rule_type
            if rule_type is not None
            else pd.Series(True, index=activities.index)
        )
        within = 0 if pd.isna(rule.within_seconds) else int(rule.within_seconds) * MICROSECONDS
        if kind in ("user_agent", "honeypot_url"):
            regex = _like_regex(rule.pattern)
            column = activities["user_agent" if kind == "user_agent" else "url"]
            hit = of_type & column.map(
                lambda v, r=regex: isinstance(v, str) and bool(r.fullmatch(v.lower()))
            )
        elif kind == "ip_prefix":
            hit = of_type & activities["ip_address"].map(
                lambda v, p=rule.pattern: isinstance(v, str) and v.startswith(p)
            )
        else:
            hit = pd.Series(False, index=activities.index)
        if kind in ("user_agent", "ip_prefix"):
            flagged |= hit
            continue
        # burst: each activity's neighbours; honeypot: the neighbours of each hit
        if kind == "honeypot_url":
            of_type &= activities["lead_id"].isin(activities.loc[hit, "lead_id"])
        candidates = activities[of_type]
        times = at[of_type]
        for _, group in candidates.groupby("lead_id").groups.items():
            stamps = times.loc[group].to_numpy()
            order = np.argsort(stamps, kind="stable")
            ordered = stamps[order]
            if kind == "burst":
                lo = np.searchsorted(ordered, ordered - within, side="left")
                hi = np.searchsorted(ordered, ordered + within, side="right")
                near = (hi - lo - 1) >= int(rule.max_events)
                flagged.loc[np.asarray(group)[order][near]] = True
            else:
                hits = hit.loc[group].to_numpy()
                for stamp in stamps[hits]:
                    near = np.abs(stamps - stamp) <= within
                    flagged.loc[np.asarray(group)[near]] = True
    return flagged


def _persons(t: dict[str, pd.DataFrame], leads: pd.DataFrame, day: pd.Timestamp) -> dict:
    """contract §5, identity: {lead_id: the lead it is scored as} for the merged leads."""
    known = set(leads["lead_id"])
    merges = _keep_first(t["lead_merges"], "merged_lead_id", ["merged_at", "surviving_lead_id"])
    merges = merges[merges["merged_lead_id"].isin(known) & merges["surviving_lead_id"].isin(known)]
    target = dict(zip(merges["merged_lead_id"], merges["surviving_lead_id"], strict=True))
    on_cycle = set()
    for start in target:
        seen, lead = [], start
        while lead in target and lead not in seen:
            seen.append(lead)
            lead = target[lead]
        if lead in seen:
            on_cycle.update(seen[seen.index(lead) :])
    dated = merges[merges["merged_at"].isna() | (merges["merged_at"].dt.normalize() <= day)]
    edges = {
        merged: survivor
        for merged, survivor in zip(
            dated["merged_lead_id"], dated["surviving_lead_id"], strict=True
        )
        if merged not in on_cycle
    }
    person = {}
    for lead in edges:
        end = lead
        while end in edges:
            end = edges[end]
        person[lead] = end
    scored = leads[
        (leads["created_at"].isna() | (leads["created_at"].dt.normalize() <= day))
        & ~leads["lead_id"].isin(list(person))
    ]
    email = _norm(scored["email"])
    valid = email.map(lambda e: isinstance(e, str) and bool(VALID_EMAIL.fullmatch(e)))
    same = scored.assign(email=email)[valid].sort_values(
        ["created_at", "lead_id"], na_position="first", kind="stable"
    )
    first = same.groupby("email")["lead_id"].transform("first")
    by_email = {
        lead: keep for lead, keep in zip(same["lead_id"], first, strict=True) if lead != keep
    }
    person = {lead: by_email.get(end, end) for lead, end in person.items()}
    person.update(by_email)
    return person


def _behavior_scores(
    t: dict[str, pd.DataFrame], activities: pd.DataFrame, sheets: pd.DataFrame, day: pd.Timestamp
) -> pd.DataFrame:
    """Per sheet and lead: the behaviour score in cents."""
    rules = t["behavior_rules"].merge(sheets[["sheet_id", "window_days"]], on="sheet_id")
    rules["activity_type"] = _norm(rules["activity_type"])
    rules["url_pattern"] = rules["url_pattern"].astype("object").str.strip().replace("", None)
    rules["points"] = rules["points"].astype("object").str.strip().astype("float64")
    rules["group_id"] = rules["group_id"].astype("object").str.strip().replace("", None)
    age = (day - activities["activity_date"]).dt.days
    lower_url = activities["url"].astype("object").str.lower()
    per_rule = []
    for rule in rules.itertuples(index=False):
        window = pd.notna(rule.window_days)
        mask = (activities["activity_type"] == rule.activity_type) & (age >= 0)
        if window:
            mask &= age < rule.window_days
        if isinstance(rule.url_pattern, str):
            regex = _like_regex(rule.url_pattern)
            mask &= lower_url.map(lambda u, r=regex: isinstance(u, str) and bool(r.fullmatch(u)))
        matches = activities.loc[mask, ["lead_id", "activity_date"]]
        if matches.empty:
            continue
        daily = matches.groupby(["lead_id", "activity_date"]).size().rename("n").reset_index()
        if pd.notna(rule.max_per_day):
            daily["n"] = daily["n"].clip(upper=int(rule.max_per_day))
        days = (day - daily["activity_date"]).dt.days.to_numpy()
        decay = 1.0 if pd.isna(rule.half_life_days) else 0.5 ** (days / float(rule.half_life_days))
        daily["points"] = daily["n"] * float(rule.points) * decay
        summed = daily.groupby("lead_id")["points"].sum().reset_index()
        summed["sheet_id"], summed["rule_id"] = rule.sheet_id, rule.rule_id
        summed["group_id"] = rule.group_id if isinstance(rule.group_id, str) else None
        summed["cents"] = _cents(
            _cap(summed["points"].to_numpy(), pd.Series(rule.max_points, index=summed.index))
        )
        per_rule.append(summed)
    if not per_rule:
        return pd.DataFrame(columns=["sheet_id", "lead_id", "behavior_cents"])
    points = pd.concat(per_rule, ignore_index=True)
    # rules of a group are capped together, on their rounded points; alone otherwise
    points["group_key"] = points["group_id"].where(
        points["group_id"].notna(), "rule:" + points["rule_id"]
    )
    groups = (
        points.groupby(["sheet_id", "lead_id", "group_key", "group_id"], dropna=False)["cents"]
        .sum()
        .reset_index()
    )
    score_groups = t["score_groups"].assign(group_id=lambda g: g["group_id"].str.strip())
    groups = groups.merge(
        score_groups[["sheet_id", "group_id", "max_points"]],
        on=["sheet_id", "group_id"],
        how="left",
    )
    groups["behavior_cents"] = _cents(
        _cap(groups["cents"].to_numpy(dtype="float64") / 100, groups["max_points"])
    )
    return groups.groupby(["sheet_id", "lead_id"])["behavior_cents"].sum().reset_index()


def _enriched_leads(t: dict[str, pd.DataFrame], leads: pd.DataFrame) -> pd.DataFrame:
    accounts = _keep_first(
        t["accounts"], "account_id", ["domain", "account_name", "industry"]
    ).assign(domain=lambda a: _norm(a["domain"]), industry=lambda a: _norm(a["industry"]))
    leads = leads.copy()
    email = _norm(leads["email"])
    valid = email.map(lambda e: isinstance(e, str) and bool(VALID_EMAIL.fullmatch(e)))
    leads["email_domain"] = email.where(valid).map(
        lambda e: e.split("@")[1] if isinstance(e, str) else None
    )
    free = set(_norm(t["free_email_domains"]["domain"]).dropna())
    leads["email_domain_type"] = np.where(
        leads["email_domain"].isna(),
        None,
        np.where(leads["email_domain"].isin(free), "free", "corporate"),
    )
    keywords = (
        t["seniority_keywords"]
        .assign(keyword=lambda k: _norm(k["keyword"]), seniority=lambda k: _norm(k["seniority"]))
        .dropna(subset=["keyword"])
        .sort_values(["priority", "keyword"], na_position="last")
    )
    leads["seniority"] = None
    for keyword in keywords.itertuples(index=False):
        hit = leads["seniority"].isna() & leads["job_title"].map(
            lambda title, k=keyword.keyword: isinstance(title, str) and k in title
        )
        leads.loc[hit, "seniority"] = keyword.seniority
    by_domain = accounts.dropna(subset=["domain"]).groupby("domain")["account_id"].min()
    known = leads["account_id"].isin(accounts["account_id"])
    corporate = leads["email_domain_type"] == "corporate"
    leads["account_id"] = np.where(
        known,
        leads["account_id"],
        np.where(corporate, leads["email_domain"].map(by_domain), None),
    )
    leads["account_id"] = leads["account_id"].where(leads["account_id"].notna(), None)
    return leads.merge(
        accounts[["account_id", "industry", "employee_count", "annual_revenue"]],
        on="account_id",
        how="left",
    )


def _profile_scores(t: dict[str, pd.DataFrame], leads: pd.DataFrame) -> pd.DataFrame:
    """Per sheet and lead: the profile score in cents."""
    rules = t["profile_rules"].assign(
        attribute=lambda r: _norm(r["attribute"]),
        operator=lambda r: _norm(r["operator"]),
        value=lambda r: _norm(r["value"]),
    )
    found = []
    for rule in rules.itertuples(index=False):
        if rule.attribute in NUMERIC_ATTRIBUTES:
            number = pd.to_numeric(leads[rule.attribute], errors="coerce").astype("float64")
            if rule.operator == "is_missing":
                hit = number.isna()
            else:
                hit = number.notna()
                if pd.notna(rule.min_value):
                    hit &= number >= float(rule.min_value)
                if pd.notna(rule.max_value):
                    hit &= number < float(rule.max_value)
        else:
            # a custom attribute (contract §10): the benchmark's worlds hold no values of any
            text = leads.get(rule.attribute, pd.Series(None, index=leads.index, dtype=object))
            present = text.notna()
            if rule.operator == "is_missing":
                hit = ~present
            elif rule.operator == "equals":
                hit = present & (text == rule.value)
            elif rule.operator == "not_equals":
                hit = present & (text != (rule.value or ""))
            elif rule.operator == "contains":
                hit = present & text.map(
                    lambda v, s=rule.value: isinstance(v, str) and isinstance(s, str) and s in v
                )
            else:
                members = {m.strip() for m in (rule.value or "").split("|")}
                inside = text.isin(members)
                hit = present & (inside if rule.operator == "in" else ~inside)
        cents = int(_cents([float(str(rule.points).strip())])[0])
        found.append(
            pd.DataFrame(
                {
                    "sheet_id": rule.sheet_id,
                    "lead_id": leads.loc[hit, "lead_id"],
                    "profile_cents": cents,
                }
            )
        )
    matched = pd.concat(found, ignore_index=True)
    return matched.groupby(["sheet_id", "lead_id"])["profile_cents"].sum().reset_index()


def _band(scores: pd.DataFrame, bands: pd.DataFrame, scale: str, column: str) -> pd.Series:
    """The band of `scale` with the highest min_score at or below the score (in cents)."""
    result = pd.Series(None, index=scores.index, dtype="object")
    of_scale = bands[_norm(bands["scale"]) == scale]
    for sheet_id, sheet_bands in of_scale.groupby("sheet_id"):
        rows = scores["sheet_id"] == sheet_id
        floor = sheet_bands[sheet_bands["min_score"].isna()]["band"]
        result[rows] = floor.iloc[0] if len(floor) else None
        ranked = sheet_bands.dropna(subset=["min_score"]).sort_values("min_score")
        for band in ranked.itertuples(index=False):
            reached = rows & (scores[column] >= round(float(band.min_score) * 100))
            result[reached] = band.band
    return result


def lead_scores(con: duckdb.DuckDBPyConnection, score_date: date) -> pd.DataFrame:
    t = read_tables(con)
    day = pd.Timestamp(score_date)
    leads = _keep_first(t["leads"], "lead_id", ["created_at", "email", "job_title"]).copy()
    for column in ["email", "job_title", "country", "lead_source"]:
        leads[column] = _norm(leads[column])
    activities = _accepted_activities(t, leads)
    person = _persons(t, leads, day)
    activities["lead_id"] = activities["lead_id"].map(lambda lead: person.get(lead, lead))
    scored = leads[
        (leads["created_at"].isna() | (leads["created_at"].dt.normalize() <= day))
        & ~leads["lead_id"].isin(list(person))
    ]
    enriched = _enriched_leads(t, scored)
    sheets = t["score_sheets"]
    behavior = _behavior_scores(t, activities, sheets, day)
    profile = _profile_scores(t, enriched)

    scores = enriched[["lead_id", "account_id"]].merge(sheets, how="cross")
    scores = scores.merge(behavior, on=["sheet_id", "lead_id"], how="left")
    scores = scores.merge(profile, on=["sheet_id", "lead_id"], how="left")
    b = scores["behavior_cents"].fillna(0).astype("int64")
    p = scores["profile_cents"].fillna(0).astype("int64")
    # weights have 4 decimals: total in 1e-6 units, rounded half away from zero to cents
    bw = (scores["behavior_weight"].fillna(0).astype("float64") * 10_000).round().astype("int64")
    pw = (scores["profile_weight"].fillna(0).astype("float64") * 10_000).round().astype("int64")
    micro = bw * b + pw * p
    scores["total_cents"] = np.sign(micro) * ((np.abs(micro) + 5_000) // 10_000)
    scores["behavior_cents"], scores["profile_cents"] = b, p
    bands = t["score_bands"]
    scores["tier"] = _band(scores, bands, "tier", "total_cents")
    scores["grade"] = _band(scores, bands, "grade", "profile_cents")
    scores["engagement"] = _band(scores, bands, "engagement", "behavior_cents")
    threshold = (scores["mql_threshold"].astype("float64") * 100).round()
    scores["is_mql"] = (scores["total_cents"] >= threshold).fillna(False).astype(bool)
    scores["score_rank"] = (
        scores.groupby("sheet_id")["total_cents"]
        .rank(method="min", ascending=False)
        .astype("int64")
    )
    return pd.DataFrame(
        {
            "score_date": score_date,
            "sheet_id": scores["sheet_id"],
            "lead_id": scores["lead_id"],
            "account_id": scores["account_id"],
            "behavior_score": scores["behavior_cents"] / 100,
            "profile_score": scores["profile_cents"] / 100,
            "total_score": scores["total_cents"] / 100,
            "tier": scores["tier"],
            "grade": scores["grade"],
            "engagement": scores["engagement"],
            "score_matrix": scores["grade"] + scores["engagement"],
            "is_mql": scores["is_mql"],
            "score_rank": scores["score_rank"],
        }
    )


def score_file(db: Path, score_date: date) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return lead_scores(con, score_date)
