"""The vocabulary of the synthetic world: industries, titles, pages, sources."""

from __future__ import annotations

# (industry, weight, fit bonus): target industries convert better.
INDUSTRIES = [
    ("software", 18, 1.0),
    ("financial services", 12, 0.8),
    ("healthcare", 10, 0.7),
    ("manufacturing", 12, 0.2),
    ("retail", 10, 0.0),
    ("logistics", 7, 0.1),
    ("media", 6, -0.1),
    ("education", 8, -0.8),
    ("government", 5, -0.7),
    ("consulting", 8, 0.3),
    (None, 4, -0.3),
]

COUNTRIES = [
    ("US", 40),
    ("GB", 12),
    ("DE", 10),
    ("FR", 7),
    ("CA", 6),
    ("NL", 5),
    ("IN", 8),
    ("BR", 5),
    ("AU", 4),
    ("ES", 3),
]

COMPANY_PARTS_A = [
    "acme",
    "blue",
    "nova",
    "terra",
    "vertex",
    "quantum",
    "bright",
    "north",
    "silver",
    "apex",
    "lumen",
    "orbit",
    "pioneer",
    "summit",
    "cobalt",
    "delta",
    "ember",
    "fjord",
    "granite",
    "harbor",
    "iris",
    "juniper",
    "kestrel",
    "lattice",
]
COMPANY_PARTS_B = [
    "labs",
    "systems",
    "works",
    "logic",
    "data",
    "cloud",
    "health",
    "bank",
    "retail",
    "motors",
    "media",
    "group",
    "partners",
    "foods",
    "energy",
    "soft",
]
DOMAIN_SUFFIXES = [".com", ".com", ".com", ".io", ".co.uk", ".de", ".net"]

# (seniority persona, weight, fit bonus, job titles)
TITLES = [
    (
        "executive",
        6,
        1.0,
        [
            "CEO",
            "Chief Technology Officer",
            "Co-Founder",
            "Chief Revenue Officer",
            "Founder & CEO",
            "Chief Marketing Officer",
        ],
    ),
    (
        "vp",
        8,
        0.9,
        ["VP of Engineering", "Vice President, Sales", "SVP Marketing", "VP Operations"],
    ),
    (
        "director",
        14,
        0.7,
        [
            "Director of IT",
            "Marketing Director",
            "Head of Data",
            "Director, Revenue Operations",
            "Head of Growth",
        ],
    ),
    (
        "manager",
        22,
        0.4,
        [
            "Marketing Manager",
            "IT Manager",
            "Product Manager",
            "Sales Operations Manager",
            "Team Lead, Analytics",
        ],
    ),
    (
        "individual",
        35,
        0.0,
        [
            "Software Engineer",
            "Data Analyst",
            "Marketing Specialist",
            "Solutions Consultant",
            "Campaign Coordinator",
            "Accountant",
        ],
    ),
    ("student", 7, -1.2, ["Student", "Marketing Intern", "PhD Student", "Graduate Student"]),
    ("unknown", 8, -0.2, [None, "", "n/a", "Other"]),
]

FREE_DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "gmx.de"]
BROKEN_EMAILS = [
    "no-email",
    "john.doe@",
    "@example.com",
    "jane doe@corp.com",
    "a@b@c.com",
    "someone@localhost",
    None,
    "",
]

FIRST_NAMES = [
    "alex",
    "sam",
    "maria",
    "li",
    "priya",
    "tom",
    "anna",
    "omar",
    "julia",
    "ken",
    "sofia",
    "lucas",
    "emma",
    "noah",
    "mia",
    "ivan",
    "lea",
    "raj",
    "nina",
    "paul",
]
LAST_NAMES = [
    "smith",
    "mueller",
    "garcia",
    "chen",
    "patel",
    "kim",
    "rossi",
    "novak",
    "silva",
    "jones",
    "martin",
    "kowalski",
    "dubois",
    "ito",
    "larsen",
    "brown",
]

LEAD_SOURCES = [
    ("organic_search", 30),
    ("paid_search", 18),
    ("referral", 8),
    ("webinar", 10),
    ("event", 8),
    ("content_syndication", 12),
    ("direct", 10),
    (None, 4),
]

SITE = "https://www.example-saas.com"
BLOG_POSTS = [
    "what-is-lead-scoring",
    "mql-vs-sql",
    "b2b-funnel-metrics",
    "intent-data-101",
    "scoring-models-compared",
    "marketing-ops-checklist",
    "dbt-for-marketers",
]
PRODUCT_PAGES = ["/product", "/product/features", "/product/integrations", "/product/security"]
DOCS_PAGES = ["/docs/integrations/salesforce", "/docs/integrations/hubspot", "/docs/api"]
CASE_STUDIES = ["acme-corp", "globex", "initech", "umbrella"]
WEBINARS = ["scoring-masterclass", "revops-roundtable", "q3-product-launch"]
CAMPAIGNS = [
    "newsletter",
    "nurture_awareness",
    "nurture_evaluation",
    "product_launch",
    "webinar_invite",
    None,
]
# what people browse and read mail with
BROWSER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17425)",
    None,
]
# what the shipped bot rules (seeds/bot_rules.csv) know by their user agent
CRAWLER_AGENTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/124.0 Safari/537.36",
]
# e-mail security gateways click every link of a message within a second or two, often with
# a browser's user agent: only the burst gives them away
SCANNER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
    "Barracuda Sentinel (EE)",
]
HONEYPOT_URL = f"{SITE}/links/hidden-trap"

# Technographics (contract §10): (attribute, [(tool, weight, cloud)]) — the technologies an account
# runs, as raw.account_attributes. Good-fit accounts lean to cloud tools.
TECHNOGRAPHICS = [
    (
        "data_warehouse",
        [
            ("Snowflake", 5, True),
            ("BigQuery", 4, True),
            ("Databricks", 3, True),
            ("Redshift", 3, True),
            ("PostgreSQL", 4, False),
            ("SQL Server", 4, False),
            ("Oracle", 3, False),
        ],
    ),
    (
        "crm",
        [
            ("Salesforce", 6, True),
            ("HubSpot", 5, True),
            ("Dynamics 365", 3, True),
            ("Pipedrive", 2, True),
            ("spreadsheets", 2, False),
        ],
    ),
    (
        "bi_tool",
        [
            ("Tableau", 5, True),
            ("Power BI", 6, True),
            ("Looker", 3, True),
            ("Metabase", 2, True),
            ("Excel", 3, False),
        ],
    ),
]
TECHNOGRAPHICS_KNOWN = 0.7  # share of accounts whose tool of a kind a data vendor knows
TECHNOGRAPHICS_CHANGED = 0.15  # of those, the share that move to another tool in the history
