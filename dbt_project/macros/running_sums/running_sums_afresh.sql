{#- int_behavior_sums_changed, the sums taken afresh over the window: every lead of a rule not
    carried, and the refreshed leads of carried rules (summed_afresh), from the daily
    aggregates per person (regrouped_days: those of persons with merged leads). Reads the CTEs
    of running_sums_kept and running_sums_plan. -#}
{% macro running_sums_afresh(score_day) -%}
{#- the daily aggregates with their day, per person: the rows of leads that are not regrouped
    as they are, read where they are used (DuckDB would materialize a CTE read more than once:
    the whole table, every run), and the person days of regrouped leads (regrouped_days, a
    CTE computed once). Not `not in`: Spark plans that as a nested-loop join unless it can
    broadcast the subquery, `not exists` as a hash anti join. -#}
{%- set person_days -%}
    (select
        daily.matcher_id,
        daily.lead_id,
        daily.activity_date,
        {{ epoch_day('daily.activity_date') }} as activity_day,
        daily.occurrences,
        daily.first_activity_at,
        daily.last_activity_at
    from {{ ref('int_activities_matched_daily') }} as daily
    where not exists (
        select 1 from regrouped_now where regrouped_now.lead_id = daily.lead_id
    )

    union all

    select * from regrouped_days)
{%- endset %}
-- the daily aggregates of regrouped leads added up per person and day, under the matcher's
-- per-day limit
regrouped_days as (

    select
        daily.matcher_id,
        members.person_id as lead_id,
        daily.activity_date,
        {{ epoch_day('daily.activity_date') }} as activity_day,
        {{ counted_per_day('sum(daily.matches)', 'matchers.max_per_day') }} as occurrences,
        min(daily.first_activity_at) as first_activity_at,
        max(daily.last_activity_at) as last_activity_at

    from {{ ref('int_activities_matched_daily') }} as daily
    inner join regrouped_now as members
        on daily.lead_id = members.lead_id
    inner join {{ ref('int_activity_matchers') }} as matchers
        on daily.matcher_id = matchers.matcher_id
    group by daily.matcher_id, members.person_id, daily.activity_date, matchers.max_per_day

),

-- the window's daily aggregates of the rules and leads summed afresh
afresh_days as (

    select
        rule_plan.rule_key,
        daily.lead_id,
        daily.occurrences,
        daily.first_activity_at,
        daily.last_activity_at,
        daily.activity_day,
        {{ decay_term('daily.occurrences', 'daily.activity_day', 'rule_plan.anchor_day',
            'rule_plan.half_life_days') }} as decay_term

    from {{ person_days }} as daily
    inner join rule_plan
        on daily.matcher_id = rule_plan.matcher_id
    where
        not rule_plan.is_carried
        and {{ in_day_window('daily.activity_day', score_day, 'rule_plan.window_days') }}

    union all

    select
        refreshed.rule_key,
        daily.lead_id,
        daily.occurrences,
        daily.first_activity_at,
        daily.last_activity_at,
        daily.activity_day,
        {{ decay_term('daily.occurrences', 'daily.activity_day', 'refreshed.anchor_day',
            'refreshed.half_life_days') }} as decay_term

    from {{ person_days }} as daily
    inner join refreshed_leads as refreshed
        on
            daily.lead_id = refreshed.lead_id
            and daily.matcher_id = refreshed.matcher_id
    where {{ in_day_window('daily.activity_day', score_day, 'refreshed.window_days') }}

),

-- rules and leads summed afresh over the window
summed_afresh as (

    select
        rule_key,
        lead_id,
        sum(occurrences) as occurrences,
        cast(sum(decay_term) as {{ decay_sum_type() }}) as decay_sum,
        min(first_activity_at) as first_activity_at,
        max(last_activity_at) as last_activity_at,
        min(activity_day) as first_activity_day,
        max(activity_day) as last_activity_day

    from afresh_days
    group by rule_key, lead_id

)
{%- endmacro %}
