"""What the bot rules and the merges took out of the signals (contract §4, §5): the share of each
activity type that bot rules flagged, and the merged leads. Read by the report and by what
`make demo` prints."""

from __future__ import annotations

from .. import warehouse

# raw activities by type (as staging reads it: trimmed, lower-cased) and how many bot rules
# flagged; a repeated key counts once
BOT_SHARE_SQL = """
with

bots as (

    select distinct record_id
    from marts.rejected_records
    where source_table = 'activities' and reason = 'bot_suspected'

),

activities as (

    select distinct activity_id, lower(trim(activity_type)) as activity_type
    from raw.activities

)

select
    activities.activity_type,
    count(*) as activities,
    count(bots.record_id) as bots
from activities
left join bots
    on activities.activity_id = bots.record_id
group by activities.activity_type
order by count(bots.record_id) desc, activities.activity_type
"""

MERGES_SQL = """
select 'merged: ' || merge_reason as what, count(*) as leads
from marts.lead_identities
where merge_reason is not null
group by merge_reason
union all
select 'merge rejected: ' || reason as what, count(*) as leads
from marts.rejected_records
where source_table = 'lead_merges'
group by reason
order by 1
"""


def bot_share_by_type(engine: warehouse.Engine) -> list[tuple[str, int, int]]:
    """(activity type, raw activities, flagged as bots), most flagged first."""
    return [
        (kind or "", int(total), int(bots)) for kind, total, bots in engine.fetchall(BOT_SHARE_SQL)
    ]


def merges(engine: warehouse.Engine) -> list[tuple[str, int]]:
    """(what, leads): leads merged by the CRM or by e-mail, and CRM merges rejected."""
    return [(what, int(leads)) for what, leads in engine.fetchall(MERGES_SQL)]
