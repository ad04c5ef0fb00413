-- The activity dates whose bot flags this run works out again (is_flag_date), and the dates
-- it reads to do so. A flag looks at the activities of the same lead within a rule's
-- within_seconds, which may be on the day before or after: the reach, in days, of the widest
-- burst or honeypot rule. Flags are worked out again on the dates within the reach of a date
-- whose kept rows changed (int_activity_changed_dates), reading the dates within the reach of
-- those; on every date when the bot rules or the accepted activity types changed.
with

changed_dates as (

    select activity_date from {{ ref('int_activity_changed_dates') }}
    where activity_date is not null

),

raw_dates as (

    select activity_date from {{ ref('int_activity_dates_raw') }}
    where activity_date is not null

),

bot_rules as (

    select * from {{ ref('stg_seeds__bot_rules') }}

),

reach as (

    select
        coalesce(max(
            cast(ceiling(within_seconds / 86400.0) as integer)
        ), 0) as reach_days

    from bot_rules
    where kind in ('burst', 'honeypot_url')

),

rules_changed as (

    select count(*) > 0 as is_changed
    from {{ ref('int_activity_load_plan') }}
    where load_kind = 'matcher' and matcher_kind in ('bot', 'activity')

),

base_dates as (

    select changed_dates.activity_date
    from changed_dates
    cross join rules_changed
    where not rules_changed.is_changed

    union

    select raw_dates.activity_date
    from raw_dates
    cross join rules_changed
    where rules_changed.is_changed

),

near_dates as (

    select
        raw_dates.activity_date,
        min(abs({{ dbt.datediff('base_dates.activity_date', 'raw_dates.activity_date', 'day') }}))
            as days_away

    from raw_dates
    cross join base_dates
    cross join reach
    where
        abs({{ dbt.datediff('base_dates.activity_date', 'raw_dates.activity_date', 'day') }})
        <= 2 * reach.reach_days
    group by raw_dates.activity_date

),

final as (

    select
        near_dates.activity_date,
        near_dates.days_away <= reach.reach_days as is_flag_date

    from near_dates
    cross join reach

    union

    -- a changed date with no rows left: its flags are gone
    select
        activity_date,
        true as is_flag_date

    from base_dates

)

select * from final
