-- Per sheet, lead and behaviour rule on the score date: counted matches in the sheet's
-- window, each decayed by half-life from its activity date, summed, capped at the rule's
-- max_points in absolute value and rounded to 2 decimals.
with

daily_matches as (

    select * from {{ ref('int_activities_matched_daily') }}

),

-- rule_key: a small number per sheet and rule, to group by (three text keys made grouping
-- the slowest step of a daily run)
behavior_rules as (

    select
        *,
        row_number() over (order by sheet_id, rule_id) as rule_key

    from {{ ref('stg_seeds__behavior_rules') }}

),

score_sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}

),

scored_leads as (

    select lead_id from {{ ref('int_leads_scored_on_date') }}

),

-- the widest window of any sheet (none when a sheet has no window): the days worth reading
reach as (

    select
        case
            when count(*) filter (where window_days is null) > 0 then null
            else max(window_days)
        end as widest_window

    from score_sheets

),

days_in_reach as (

    select daily_matches.*
    from daily_matches
    cross join reach
    where {{ in_score_window('daily_matches.activity_date', 'reach.widest_window') }}

),

in_window as (

    select
        behavior_rules.rule_key,
        daily_matches.lead_id,
        daily_matches.occurrences,
        daily_matches.first_activity_at,
        daily_matches.last_activity_at,
        behavior_rules.points,
        behavior_rules.half_life_days,
        {{ age_in_days('daily_matches.activity_date') }} as age_days  -- noqa: LT05

    from days_in_reach as daily_matches
    inner join behavior_rules
        on daily_matches.matcher_id = behavior_rules.matcher_id
    inner join score_sheets
        on behavior_rules.sheet_id = score_sheets.sheet_id
    where {{ in_score_window('daily_matches.activity_date', 'score_sheets.window_days') }}

),

decayed as (

    select
        *,
        -- points x 0.5 ^ (age / half-life); no decay without a half-life
        occurrences * points * case
            when half_life_days is null then 1
            else power(
                    0.5,
                    cast(age_days as {{ type_double() }})
                    / cast(half_life_days as {{ type_double() }})
                )
        end as decayed_points

    from in_window

),

summed as (

    select
        rule_key,
        lead_id,
        sum(occurrences) as occurrences,
        min(first_activity_at) as first_activity_at,
        max(last_activity_at) as last_activity_at,
        sum(cast(decayed_points as {{ type_double() }})) as uncapped_points

    from decayed
    group by rule_key, lead_id

),

-- leads not scored on the date are left out after grouping, on far fewer rows
final as (

    select
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        summed.lead_id,
        behavior_rules.group_id,
        summed.occurrences,
        summed.first_activity_at,
        summed.last_activity_at,
        {{ round_points(cap_abs('summed.uncapped_points', 'behavior_rules.max_points')) }}
            as points,
        behavior_rules.description

    from summed
    inner join behavior_rules
        on summed.rule_key = behavior_rules.rule_key
    inner join scored_leads
        on summed.lead_id = scored_leads.lead_id

)

select * from final
