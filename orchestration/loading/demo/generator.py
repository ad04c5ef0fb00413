"""Generates the synthetic world lead by lead, as rows of the raw tables (contract §3).

Every lead gets a persona whose behaviour walks the funnel (blog -> content -> webinar ->
pricing -> demo) at its own speed; good-fit, far-down-the-funnel leads are the ones that open
opportunities, so good scores visibly predict conversion. A sprinkle of bad rows exercises the
rejection rules, and unclean signals exercise the bot rules and identity (contract §4, §5): e-mail
security scanners clicking every link within a second or two (some on a honeypot link),
crawlers on the pricing pages, duplicate leads with the same address in another case or with
spaces, and merges recorded by the CRM. A signal the shipped sheets miss is planted for the
predictive model (DOCS_READERS below). Accounts carry technographics (contract §10: the data
warehouse, CRM and BI tool they run, changing over time). Leads come in blocks with their own
random streams, so the world can be generated block by block, in parallel, with bounded
memory; the same seed, size and end date always give the same rows.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import catalog

# leads are created over this many days before the end date: long enough for the evaluation
# loop to fit suggested weights on early dates and validate them, one conversion window later
HISTORY_DAYS = 420
BLOCK_LEADS = 2_000  # leads per block: each block has its own random stream
# activities per lead at intensity 1 (measured on the default world); --activities scales it
BASE_ACTIVITIES_PER_LEAD = 21.5
# shares of leads with unclean signals
SCANNED_LEADS = 0.12  # their e-mails pass through a link scanner
CRAWLED_LEADS = 0.04  # a crawler with their tracking cookie visits the site
DUPLICATED_LEADS = 0.03  # a second lead record with the same address
CRM_MERGED_LEADS = 0.01  # merged by the CRM into another lead of their block
# The signal the shipped sheets miss, for the predictive model to find (contract §9): leads who
# read the integration docs (content category documentation, which no sheet scores) open an
# opportunity far more often than their points say, a few weeks after they first read them.
DOCS_READERS = 0.15  # share of leads with activity
DOCS_SHARE = 0.3  # of a docs reader's sessions, those that also open a docs page
DOCS_CONVERSION = 0.6  # a docs reader's chance of an opportunity from the docs alone


@dataclass
class Block:
    leads: list[tuple] = field(default_factory=list)
    activities: list[tuple] = field(default_factory=list)
    opportunities: list[tuple] = field(default_factory=list)
    lead_merges: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class Persona:
    name: str
    stages: tuple[str, ...]  # funnel stages it walks through, in order
    active_days_per_week: float
    stage_days: tuple[int, int]  # range of days spent in each stage
    unsubscribes: bool = False


PERSONAS = {
    "buyer_fast": Persona("buyer_fast", ("awareness", "consideration", "decision"), 2.5, (5, 15)),
    "buyer_slow": Persona("buyer_slow", ("awareness", "consideration", "decision"), 1.2, (20, 60)),
    "evaluator": Persona("evaluator", ("awareness", "consideration"), 1.0, (15, 60)),
    "researcher": Persona("researcher", ("awareness",), 0.6, (30, 120)),
    "dormant": Persona("dormant", ("awareness",), 0.1, (30, 120)),
    "churner": Persona("churner", ("awareness", "consideration"), 0.8, (10, 30), True),
    "job_seeker": Persona("job_seeker", ("careers",), 0.5, (10, 40)),
}


def _weighted(rng: random.Random, items: list[tuple]) -> tuple:
    return rng.choices(items, weights=[item[1] for item in items])[0]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class DemoWorld:
    """Accounts, then leads in blocks of BLOCK_LEADS with their activities and opportunities.
    Block `b` depends only on the seed and `b`, so blocks can be generated in any order or
    in parallel and the world is the same. `activities` sets the approximate total."""

    def __init__(
        self,
        n_leads: int,
        seed: int,
        end_date: date,
        activities: int | None = None,
        history_days: int = HISTORY_DAYS,
        technographics: bool = True,
    ) -> None:
        self.n_leads = n_leads
        self.history_days = history_days
        self.seed = seed
        self.end_date = end_date
        self.n_accounts = max(5, n_leads // 4)
        self.account_rows, self.account_info = self._accounts(random.Random(f"{seed}:accounts"))
        self.account_attribute_rows = (
            self._technographics(random.Random(f"{seed}:technographics")) if technographics else []
        )
        self._activity_seq = 0
        self._block = 0
        self._agent: tuple[str | None, str] = (None, "198.51.100.1")
        self._set_intensity(1.0)
        if activities is not None:
            # activity grows less than linearly with intensity: correct it twice, on up to four
            # blocks (one block is too small a sample of personas)
            target = activities / n_leads
            self._set_intensity(target / BASE_ACTIVITIES_PER_LEAD)
            for _ in range(2):
                probes = [self.block(b) for b in range(min(4, self.n_blocks))]
                leads = sum(len(probe.leads) for probe in probes)
                rows = sum(len(probe.activities) for probe in probes)
                self._set_intensity(self.intensity * target * leads / rows)

    def _set_intensity(self, intensity: float) -> None:
        self.intensity = intensity
        # more activity: up to 1.5 times the active days, then longer sessions (a lead has at most
        # one session a day, so days alone saturate)
        self.day_scale = min(intensity, 1.5)
        self.session_scale = intensity / self.day_scale

    @property
    def n_blocks(self) -> int:
        return -(-self.n_leads // BLOCK_LEADS)

    # --- accounts -----------------------------------------------------------------------
    def _accounts(self, rng: random.Random) -> tuple[list[tuple], list[tuple]]:
        rows, info = [], []
        for i in range(1, self.n_accounts + 1):
            account_id = f"A{i:07d}"
            name = f"{rng.choice(catalog.COMPANY_PARTS_A)} {rng.choice(catalog.COMPANY_PARTS_B)}"
            domain = name.replace(" ", "") + f"{i}" + rng.choice(catalog.DOMAIN_SUFFIXES)
            industry, _, industry_fit = _weighted(rng, catalog.INDUSTRIES)
            employees = int(math.exp(rng.gauss(5.0, 1.8))) + 1
            revenue = round(employees * rng.uniform(80_000, 320_000), 2)
            size_fit = 0.6 if 200 <= employees < 5000 else (0.8 if employees >= 5000 else -0.4)
            country = _weighted(rng, catalog.COUNTRIES)[0]
            info.append((account_id, domain, industry_fit + size_fit, employees))
            rows.append(
                (
                    account_id,
                    domain if rng.random() > 0.03 else domain.upper(),
                    name.title(),
                    industry if rng.random() > 0.05 else (industry or "").upper() or None,
                    employees if rng.random() > 0.04 else None,
                    revenue if rng.random() > 0.08 else None,
                    country,
                )
            )
        # a duplicate account row and one without a key
        rows.append(("A0000001", "dup.example.com", "Duplicate Row Inc", "retail", 10, 1e6, "US"))
        rows.append(("", "blank.example.com", "Blank Key Ltd", "retail", 10, 1e6, "US"))
        return rows, info

    def _technographics(self, rng: random.Random) -> list[tuple]:
        """The tools each account runs (raw.account_attributes): known for most accounts,
        from a date in the history or for good (no updated_at), some moving to another tool
        later; good-fit accounts lean to cloud tools. And a row of an unknown account."""
        rows: list[tuple] = []
        start = self._start()
        for account_id, _, fit, _ in self.account_info:
            for attribute, tools in catalog.TECHNOGRAPHICS:
                if rng.random() > catalog.TECHNOGRAPHICS_KNOWN:
                    continue
                # good-fit accounts run cloud tools far more often, poor-fit ones less
                lean = 4.0 if fit > 0.5 else (0.4 if fit < 0 else 1.0)
                choices = [
                    (tool, weight * (lean if cloud else 1.0)) for tool, weight, cloud in tools
                ]
                tool = _weighted(rng, choices)[0]
                since = None if rng.random() < 0.3 else start + timedelta(days=rng.uniform(0, 90))
                rows.append((account_id, attribute, tool, since))
                if rng.random() < catalog.TECHNOGRAPHICS_CHANGED:
                    moved = start + timedelta(days=rng.uniform(120, self.history_days))
                    rows.append((account_id, attribute, _weighted(rng, choices)[0], moved))
        rows.append(("A-UNKNOWN", "crm", "Salesforce", start))
        return rows

    # --- leads and their activities ----------------------------------------------------
    def block(self, b: int) -> Block:
        """Leads b*BLOCK_LEADS+1 .. (b+1)*BLOCK_LEADS with their activities, opportunities
        and about 1% bad activity rows; block 0 also carries the world's bad lead and
        opportunity rows."""
        rng = random.Random(f"{self.seed}:block:{b}")
        self._block, self._activity_seq = b, 0
        out = Block()
        first = b * BLOCK_LEADS + 1
        for i in range(first, min(self.n_leads, first + BLOCK_LEADS - 1) + 1):
            lead_id = f"L{i:07d}"
            lead, fit, title_fit = self._lead(rng, lead_id)
            persona = self._persona(rng, fit)
            self._agent = self._browser(rng)
            activities, decision_at = self._activities(rng, lead_id, persona, lead[6])
            docs_read_at = None
            if activities and rng.random() < DOCS_READERS:
                docs = self._docs_views(rng, lead_id, activities)
                activities.extend(docs)
                docs_read_at = min((row[3] for row in docs), default=None)
            opportunity = self._opportunity(
                rng, i, lead, fit, decision_at, len(activities), title_fit
            )
            if opportunity is None and docs_read_at is not None:
                opportunity = self._docs_opportunity(rng, i, lead_id, lead[4], docs_read_at)
            out.leads.append(lead)
            out.activities.extend(activities)
            out.activities.extend(self._bot_activities(rng, lead_id, activities, lead[6]))
            if opportunity is not None:
                out.opportunities.append(opportunity)
            if rng.random() < DUPLICATED_LEADS:
                self._duplicate_lead(rng, i, lead, persona, out)
            if i > first and rng.random() < CRM_MERGED_LEADS:
                survivor = rng.choice(out.leads[:-1])
                merged_at = (lead[6] or self._start()) + timedelta(days=rng.uniform(1, 60))
                out.lead_merges.append((lead_id, survivor[0], merged_at))
        out.activities.extend(self._bad_activities(rng, first, len(out.leads)))
        if b == 0:
            self._bad_leads_and_opportunities(out)
            self._bad_merges(out)
        return out

    def _start(self) -> datetime:
        return datetime.combine(
            self.end_date - timedelta(days=self.history_days), datetime.min.time()
        )

    @staticmethod
    def _browser(rng: random.Random) -> tuple[str | None, str]:
        """A person's user agent and address."""
        return rng.choice(
            catalog.BROWSER_AGENTS
        ), f"198.51.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def _bot_activities(
        self, rng: random.Random, lead_id: str, activities: list[tuple], created: datetime | None
    ) -> list[tuple]:
        """What machines did in the lead's name: link scanners clicking every link of an e-mail
        within two seconds of its delivery (now and then with the honeypot link among them, or
        just before midnight), and crawlers on the pricing and demo pages."""
        person = self._agent
        rows: list[tuple] = []
        end = datetime.combine(self.end_date, datetime.max.time())
        if rng.random() < SCANNED_LEADS:
            self._agent = (rng.choice(catalog.SCANNER_AGENTS), f"192.0.2.{rng.randint(1, 254)}")
            mails = [row for row in activities if row[2] in ("email_open", "email_click")]
            for mail in rng.sample(mails, min(len(mails), 3)):
                at = mail[3] - timedelta(minutes=rng.uniform(1, 30))
                if rng.random() < 0.1:  # delivered just before midnight
                    at = at.replace(hour=23, minute=59, second=59, microsecond=0)
                for _ in range(rng.randint(3, 5)):
                    click_at = at + timedelta(seconds=rng.uniform(0, 1.8))
                    url = catalog.HONEYPOT_URL if rng.random() < 0.1 else None
                    rows.append(self._row(lead_id, "email_click", click_at, url, mail[5]))
        if rng.random() < CRAWLED_LEADS:
            self._agent = (rng.choice(catalog.CRAWLER_AGENTS), f"66.249.{rng.randint(64, 95)}.1")
            start = created or self._start()
            for _ in range(rng.randint(2, 6)):
                at = start + (end - start) * rng.random()
                page = rng.choice(["/pricing", "/demo", "/product/features"])
                rows.append(self._row(lead_id, "page_view", at, f"{catalog.SITE}{page}", None))
        self._agent = person
        return [row for row in rows if row[3] <= end]

    def _duplicate_lead(
        self, rng: random.Random, i: int, lead: tuple, persona: Persona, out: Block
    ) -> None:
        """The same person again, created later, its address in another case or with spaces,
        with activities of its own: merged by e-mail (contract §5, identity)."""
        email = lead[1]
        if not email or "@" not in email or " " in email.strip():
            return
        variant = email.strip().upper() if rng.random() < 0.5 else f"  {email.strip()} "
        created = (lead[6] or self._start()) + timedelta(days=rng.uniform(1, 90))
        if created.date() > self.end_date:
            return
        duplicate_id = f"L{i:07d}D"
        out.leads.append((duplicate_id, variant, lead[2], lead[3], lead[4], "webinar", created))
        activities, _ = self._activities(rng, duplicate_id, persona, created)
        out.activities.extend(activities)

    def _bad_merges(self, out: Block) -> None:
        """A chain (the third lead into the second, the second into the first), a cycle (the
        fourth and fifth into each other: both rejected), a merge of an unknown lead, and a
        repeated merge of the third lead, recorded later (rejected)."""
        ids = [lead[0] for lead in out.leads[:5]]
        if len(ids) < 5:
            return
        at = self._start() + timedelta(days=30)
        out.lead_merges.extend(
            [
                (ids[2], ids[1], at),
                (ids[1], ids[0], at + timedelta(days=1)),
                (ids[3], ids[4], at),
                (ids[4], ids[3], at),
                ("L-UNKNOWN", ids[0], at),
                (ids[2], ids[4], at + timedelta(days=2)),
            ]
        )

    def _bad_leads_and_opportunities(self, out: Block) -> None:
        start = datetime.combine(
            self.end_date - timedelta(days=self.history_days), datetime.min.time()
        )
        end = start + timedelta(days=self.history_days)
        # a repeated key, created later (so the first row is kept), and a blank key
        out.leads.append(("L0000001", "dup@example.com", "Duplicate", "US", None, "direct", end))
        out.leads.append(("  ", "blank@example.com", "Blank Key", "US", None, "direct", start))
        # the first opportunity again, a day after the world ends: a rejected duplicate
        if out.opportunities:
            first = out.opportunities[0]
            out.opportunities.append((*first[:3], end + timedelta(days=1), False, 0))

    def _lead(self, rng: random.Random, lead_id: str) -> tuple[tuple, float, float]:
        seniority, _, title_fit, titles = _weighted(rng, catalog.TITLES)
        title = rng.choice(titles)
        if title and rng.random() < 0.1:
            title = title.upper() if rng.random() < 0.5 else f"  {title.lower()} "
        first, last = rng.choice(catalog.FIRST_NAMES), rng.choice(catalog.LAST_NAMES)
        roll = rng.random()
        account_id = None
        account_fit = 0.0
        if roll < 0.72:  # works at a known account, corporate address
            account_id_, domain, account_fit, _ = rng.choice(self.account_info)
            email = f"{first}.{last}@{domain}"
            account_id = account_id_ if rng.random() < 0.6 else None  # else matched by domain
        elif roll < 0.82:  # corporate address at a company we do not know
            email = f"{first}@{rng.choice(catalog.COMPANY_PARTS_A)}-unknown.com"
            account_fit = -0.2
        elif roll < 0.96:
            email = f"{first}{rng.randint(1, 999)}@{rng.choice(catalog.FREE_DOMAINS)}"
            account_fit = -0.6
        else:
            email = rng.choice(catalog.BROKEN_EMAILS)
            account_fit = -0.6
        if email and rng.random() < 0.05:
            email = f" {email.upper()} "
        country = _weighted(rng, catalog.COUNTRIES)[0]
        source = _weighted(rng, catalog.LEAD_SOURCES)[0]
        created = datetime.combine(self.end_date, datetime.min.time()) - timedelta(
            days=rng.uniform(1, self.history_days)
        )
        fit = title_fit + account_fit + (0.3 if source == "referral" else 0.0)
        lead = (
            lead_id,
            email,
            title,
            country,
            account_id,
            source,
            created if rng.random() > 0.01 else None,
        )
        return lead, fit, title_fit

    def _persona(self, rng: random.Random, fit: float) -> Persona:
        p_buyer = _sigmoid(1.6 * fit - 1.6)
        roll = rng.random()
        if roll < p_buyer:
            return PERSONAS["buyer_fast" if rng.random() < 0.4 else "buyer_slow"]
        return PERSONAS[
            rng.choices(
                ["evaluator", "researcher", "dormant", "churner", "job_seeker"],
                weights=[25, 30, 25, 8, 6 + (20 if fit < -0.5 else 0)],
            )[0]
        ]

    def _activities(
        self, rng: random.Random, lead_id: str, persona: Persona, created: datetime | None
    ) -> tuple[list[tuple], datetime | None]:
        start = created or datetime.combine(self.end_date, datetime.min.time()) - timedelta(
            days=self.history_days
        )
        end = datetime.combine(self.end_date, datetime.max.time())
        rows: list[tuple] = []
        decision_at = None
        stage_start = start
        for index, stage in enumerate(persona.stages):
            last = index == len(persona.stages) - 1
            span_days = rng.randint(*persona.stage_days)
            stage_end = (
                min(end, stage_start + timedelta(days=span_days))
                if not last
                else min(end, stage_start + timedelta(days=span_days * 2))
            )
            if stage == "decision":
                decision_at = stage_start
            days = max(0.0, (stage_end - stage_start).total_seconds() / 86400)
            n_days = min(
                int(days),
                int(rng.expovariate(1.0) * persona.active_days_per_week * self.day_scale * days / 7)
                + (1 if days >= 1 else 0),
            )
            for _ in range(n_days):
                day = stage_start + timedelta(seconds=rng.uniform(0, days * 86400))
                session = rng.choice([1, 1, 1, 2, 2, 3, 4]) * self.session_scale
                for _ in range(int(session) + (rng.random() < session % 1)):
                    at = day + timedelta(seconds=rng.uniform(0, 1800))
                    if at <= end:
                        rows.append(self._activity(rng, lead_id, stage, at))
            stage_start = stage_end
            if stage_start >= end:
                break
        if persona.unsubscribes and stage_start < end:
            rows.append(self._row(lead_id, "email_unsubscribe", stage_start, None, "newsletter"))
        return rows, decision_at

    def _activity(self, rng: random.Random, lead_id: str, stage: str, at: datetime) -> tuple:
        site = catalog.SITE
        roll = rng.random()
        campaign = rng.choice(catalog.CAMPAIGNS)
        if stage == "careers":
            url = (
                f"{site}/careers" if roll < 0.7 else f"{site}/blog/{rng.choice(catalog.BLOG_POSTS)}"
            )
            return self._row(lead_id, "page_view", at, url, None)
        if stage == "awareness":
            if roll < 0.6:
                return self._row(
                    lead_id,
                    "page_view",
                    at,
                    f"{site}/blog/{rng.choice(catalog.BLOG_POSTS)}",
                    campaign,
                )
            kind = "email_open" if roll < 0.9 else "email_click"
            return self._row(lead_id, kind, at, None, campaign)
        if stage == "consideration":
            choices = [
                (0.25, "page_view", f"{site}{rng.choice(catalog.PRODUCT_PAGES)}"),
                (0.35, "page_view", f"{site}/case-studies/{rng.choice(catalog.CASE_STUDIES)}"),
                (0.50, "page_view", f"{site}/blog/{rng.choice(catalog.BLOG_POSTS)}"),
                (0.62, "content_download", f"{site}/resources/scoring-guide.pdf"),
                (0.75, "email_open", None),
                (0.85, "email_click", None),
                (0.92, "webinar_registration", f"{site}/webinars/{rng.choice(catalog.WEBINARS)}"),
                (1.01, "webinar_attendance", f"{site}/webinars/{rng.choice(catalog.WEBINARS)}"),
            ]
        else:  # decision
            choices = [
                (0.30, "page_view", f"{site}/pricing"),
                (0.45, "page_view", f"{site}{rng.choice(catalog.PRODUCT_PAGES)}"),
                (0.55, "page_view", f"{site}/demo"),
                (0.63, "email_click", None),
                (0.71, "form_submit", f"{site}/contact"),
                (0.80, "demo_request", f"{site}/demo"),
                (0.86, "trial_signup", f"{site}/signup"),
                (0.93, "webinar_attendance", f"{site}/webinars/{rng.choice(catalog.WEBINARS)}"),
                (1.01, "event_attendance", None),
            ]
        for threshold, kind, url in choices:
            if roll < threshold:
                if url and rng.random() < 0.03:
                    url = url.upper()
                if rng.random() < 0.02:
                    kind = f" {kind.upper()} "
                return self._row(lead_id, kind, at, url, campaign)
        raise AssertionError("unreachable: thresholds cover [0, 1)")

    def _docs_views(self, rng: random.Random, lead_id: str, activities: list[tuple]) -> list[tuple]:
        """Integration docs pages read minutes after some of the lead's activities."""
        end = datetime.combine(self.end_date, datetime.max.time())
        views = []
        for row in activities:
            at = row[3] + timedelta(seconds=rng.uniform(60, 900)) if row[3] else None
            if at is not None and at <= end and rng.random() < DOCS_SHARE:
                page = rng.choice(catalog.DOCS_PAGES)
                views.append(self._row(lead_id, "page_view", at, f"{catalog.SITE}{page}", None))
        return views

    def _docs_opportunity(
        self, rng: random.Random, i: int, lead_id: str, account_id: str | None, read_at: datetime
    ) -> tuple | None:
        created = read_at + timedelta(days=rng.uniform(5, 40))
        if rng.random() >= DOCS_CONVERSION or created.date() > self.end_date:
            return None
        won = rng.random() < 0.3
        return (f"O{i:07d}", lead_id, account_id, created, won, round(rng.uniform(5e3, 12e4), 2))

    def _row(
        self, lead_id: str, kind: str, at: datetime | None, url: str | None, campaign: str | None
    ) -> tuple:
        self._activity_seq += 1
        return (
            f"E{self._block:05d}{self._activity_seq:08d}",
            lead_id,
            kind,
            at,
            url,
            campaign,
            *self._agent,
        )

    def _bad_activities(self, rng: random.Random, first_lead: int, n_leads: int) -> list[tuple]:
        """Rows staging must reject, about 1% of the block's activities."""
        n = max(4, self._activity_seq // 100)
        generated = max(1, self._activity_seq)
        end = datetime.combine(self.end_date, datetime.min.time())
        rows: list[tuple] = []
        for k in range(n):
            at = end - timedelta(days=rng.uniform(0, 60))
            lead_id = f"L{rng.randint(first_lead, first_lead + n_leads - 1):07d}"
            kind = k % 5
            if kind == 0:  # duplicate id, later than the original
                dup_id = f"E{self._block:05d}{rng.randint(1, generated):08d}"
                rows.append(
                    (
                        dup_id,
                        lead_id,
                        "page_view",
                        end + timedelta(hours=1),
                        None,
                        None,
                        *self._agent,
                    )
                )
            elif kind == 1:
                rows.append(
                    self._row(
                        lead_id, rng.choice(["chat_started", "Page View", "sms"]), at, None, None
                    )
                )
            elif kind == 2:
                rows.append(
                    self._row(
                        f"L9{rng.randint(0, 999999):07d}",
                        "page_view",
                        at,
                        f"{catalog.SITE}/pricing",
                        None,
                    )
                )
            elif kind == 3:
                rows.append(self._row(lead_id, "email_open", None, None, None))
            else:
                rows.append(
                    ("" if k % 2 else None, lead_id, "email_open", at, None, None, *self._agent)
                )
        return rows

    def _opportunity(
        self,
        rng: random.Random,
        i: int,
        lead: tuple,
        fit: float,
        decision_at: datetime | None,
        n_activities: int,
        title_fit: float,
    ) -> tuple | None:
        lead_id, account_id = lead[0], lead[4]
        engagement = min(1.0, n_activities / (40 * self.intensity))
        if decision_at is not None:
            p = _sigmoid(1.2 * fit + 1.5 * engagement - 0.6)
            created = decision_at + timedelta(days=rng.uniform(3, 30))
        else:  # a rare opportunity out of the blue, any time in the lead's life
            p = 0.02 * _sigmoid(fit + engagement)
            end = datetime.combine(self.end_date, datetime.min.time())
            born = lead[6] or end - timedelta(days=self.history_days)
            created = born + (end - born) * rng.random()
        if rng.random() >= p or created.date() > self.end_date:
            return None
        won = rng.random() < 0.25 + 0.2 * max(0.0, title_fit)
        return (
            f"O{i:07d}",
            lead_id,
            account_id,
            created,
            won,
            round(rng.uniform(5_000, 120_000), 2),
        )
