-- Per sheet, behaviour rule, lead and activity date: the matches that count after the rule's
-- per-day limit (the earliest ones of the day), with the first and last counted timestamps.
-- Nothing here depends on the score date, so it is the one scan of activities for scoring.
with

activities as (

    select * from {{ ref('stg_raw__activities') }}

),

behavior_rules as (

    select * from {{ ref('stg_seeds__behavior_rules') }}

),

matches as (

    select
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        behavior_rules.max_per_day,
        activities.lead_id,
        activities.activity_date,
        activities.occurred_at,
        row_number() over (
            partition by
                behavior_rules.sheet_id,
                behavior_rules.rule_id,
                activities.lead_id,
                activities.activity_date
            order by activities.occurred_at, activities.activity_id
        ) as match_of_day

    from activities
    inner join behavior_rules
        on
            activities.activity_type = behavior_rules.activity_type
            and (
                behavior_rules.url_pattern is null
                or {{ like_ci('activities.url', 'behavior_rules.url_pattern') }}
            )

),

final as (

    select
        sheet_id,
        rule_id,
        lead_id,
        activity_date,
        count(*) as occurrences,
        min(occurred_at) as first_activity_at,
        max(occurred_at) as last_activity_at

    from matches
    where max_per_day is null or match_of_day <= max_per_day
    group by sheet_id, rule_id, lead_id, activity_date

)

select * from final
