{{ config(materialized='ephemeral') }}

-- The decayed sums of a run for many dates (var score_dates: a backtest, a quarter, a training
-- set), taken afresh from the daily aggregates in one set-based pass: per score date, sheet,
-- behaviour rule and person with matches in the sheet's window on that date, the occurrences,
-- the decayed sum relative to the rule's anchor day on that date, and the first and last
-- matching activity. The same terms as the running sums a daily run carries
-- (int_behavior_sums_changed, macros/decay_sums.sql), added up over the same days, so the
-- points are the same to the last decimal. Persons as on each date: the leads of a person with
-- merged leads share one per-day limit. Ephemeral: int_behavior_points_by_rule reads it in a
-- run for many dates only.
{#- every daily aggregate of a rule's matcher, on each date whose window holds its day, with
    the lead's person on that date where the person has merged leads; written out in each
    branch below, as DuckDB would materialize a CTE read twice -#}
{%- set rule_days -%}
    from {{ ref('int_activities_matched_daily') }} as daily
    inner join behavior_rules
        on daily.matcher_id = behavior_rules.matcher_id
    inner join score_dates
        on {{ in_day_window(
            epoch_day('daily.activity_date'), 'score_dates.score_day',
            'behavior_rules.window_days') }}
    left join regrouped
        on
            score_dates.score_date = regrouped.score_date
            and daily.lead_id = regrouped.lead_id
{%- endset %}
with

score_dates as (

    select
        score_date,
        {{ epoch_day('score_date') }} as score_day

    from {{ score_dates_relation() }} as run_dates

),

identities as (

    select * from {{ ref('int_lead_identities_on_date') }}

),

-- on each date, the persons with merged leads
merged_persons as (

    select distinct
        score_date,
        person_id

    from identities
    where lead_id <> person_id

),

-- on each date, the leads of persons with merged leads, each with its person (the survivor:
-- itself)
regrouped as (

    select
        identities.score_date,
        identities.lead_id,
        identities.person_id

    from identities
    inner join merged_persons
        on
            identities.score_date = merged_persons.score_date
            and identities.person_id = merged_persons.person_id

),

behavior_rules as (

    select
        rules.sheet_id,
        rules.rule_id,
        rules.matcher_id,
        rules.half_life_days,
        sheets.window_days,
        matchers.max_per_day

    from {{ ref('stg_seeds__behavior_rules') }} as rules
    inner join {{ ref('stg_seeds__score_sheets') }} as sheets
        on rules.sheet_id = sheets.sheet_id
    inner join {{ ref('int_activity_matchers') }} as matchers
        on rules.matcher_id = matchers.matcher_id

),

-- per person and day: a lead's own counted matches as they are (the aggregates have one row
-- a matcher, lead and day, so most rows skip a grouping by day), or those of a person's leads
-- added up under the matcher's per-day limit
person_days as (

    select
        score_dates.score_date,
        score_dates.score_day,
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        behavior_rules.half_life_days,
        daily.lead_id,
        {{ epoch_day('daily.activity_date') }}
            as activity_day,
        daily.occurrences,
        daily.first_activity_at,
        daily.last_activity_at

    {{ rule_days }}
    where regrouped.lead_id is null

    union all

    select
        score_dates.score_date,
        score_dates.score_day,
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        behavior_rules.half_life_days,
        regrouped.person_id as lead_id,
        {{ epoch_day('daily.activity_date') }}
            as activity_day,
        {{ counted_per_day('sum(daily.matches)', 'behavior_rules.max_per_day') }}
            as occurrences,
        min(daily.first_activity_at) as first_activity_at,
        max(daily.last_activity_at) as last_activity_at

    {{ rule_days }}
    where regrouped.lead_id is not null
    group by
        score_dates.score_date, score_dates.score_day, behavior_rules.sheet_id,
        behavior_rules.rule_id, behavior_rules.half_life_days, behavior_rules.max_per_day,
        regrouped.person_id, daily.activity_date

),

anchored as (

    select
        *,
        {{ decay_anchor_day('score_day', 'half_life_days') }} as anchor_day

    from person_days

),

final as (

    select
        score_date,
        sheet_id,
        rule_id,
        lead_id,
        anchor_day,
        half_life_days,
        sum(occurrences) as occurrences,
        sum({{ decay_term('occurrences', 'activity_day', 'anchor_day', 'half_life_days') }})
            as decay_sum,
        min(first_activity_at) as first_activity_at,
        max(last_activity_at) as last_activity_at

    from anchored
    group by score_date, sheet_id, rule_id, lead_id, anchor_day, half_life_days
    having sum(occurrences) > 0

)

select * from final
