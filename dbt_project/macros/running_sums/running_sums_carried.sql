{#- int_behavior_sums_changed, the carried sums: per carried rule, the dates that entered or
    left its window or were reloaded (moved_dates), their aggregates added or taken out, and
    the new sums of the leads they moved (carried), the refreshed leads left out. Reads the
    CTEs of running_sums_plan. -#}
{% macro running_sums_carried(score_day) -%}
-- per carried rule, the dates whose aggregates move its sums: those that entered or left its
-- window, and the reloaded ones; the aggregates are joined to them, not to the window
aggregate_dates as (

    select
        activity_date,
        {{ epoch_day('activity_date') }} as activity_day

    from (select distinct activity_date from {{ ref('int_activities_matched_daily') }}) as dates

),

carried_rule_dates as (

    select
        rule_plan.rule_key,
        rule_plan.matcher_id,
        rule_plan.anchor_day,
        rule_plan.half_life_days,
        aggregate_dates.activity_date,
        aggregate_dates.activity_day,
        pending_dates.activity_date is not null as is_pending,
        {{ in_day_window('aggregate_dates.activity_day', score_day, 'rule_plan.window_days') }}
            as is_in_window,
        {{ in_day_window('aggregate_dates.activity_day', 'rule_plan.previous_day',
            'rule_plan.window_days') }} as was_in_window

    from rule_plan
    cross join aggregate_dates
    left join pending_dates
        on aggregate_dates.activity_date = pending_dates.activity_date
    where rule_plan.is_carried

),

moved_dates as (

    select * from carried_rule_dates
    where is_pending or is_in_window <> was_in_window

),

moved_days as (

    select
        moved.rule_key,
        moved.is_pending,
        moved.is_in_window,
        moved.was_in_window,
        daily.lead_id,
        daily.occurrences,
        daily.first_activity_at,
        daily.last_activity_at,
        moved.activity_day,
        {{ decay_term('daily.occurrences', 'moved.activity_day', 'moved.anchor_day',
            'moved.half_life_days') }} as decay_term

    from {{ ref('int_activities_matched_daily') }} as daily
    inner join moved_dates as moved
        on
            daily.activity_date = moved.activity_date
            and daily.matcher_id = moved.matcher_id

),

-- carried rules: the days that entered the window or were reloaded, added (sign 1); those
-- that left it, and the reloaded dates as the sums hold them, taken out (sign -1)
carried_days as (

    select
        rule_key,
        lead_id,
        1 as sign,
        occurrences,
        decay_term,
        first_activity_at,
        last_activity_at,
        activity_day

    from moved_days
    where is_in_window and (is_pending or not was_in_window)

    union all

    select
        rule_key,
        lead_id,
        -1 as sign,
        occurrences,
        decay_term,
        null as first_activity_at,
        null as last_activity_at,
        null as activity_day

    from moved_days
    where was_in_window and not is_in_window and not is_pending

    union all

    select
        rule_plan.rule_key,
        replaced.lead_id,
        -1 as sign,
        replaced.occurrences,
        {{ decay_term('replaced.occurrences', 'pending_dates.activity_day',
            'rule_plan.anchor_day', 'rule_plan.half_life_days') }} as decay_term,
        null as first_activity_at,
        null as last_activity_at,
        null as activity_day

    from replaced
    inner join pending_dates
        on
            replaced.activity_date = pending_dates.activity_date
            and replaced.load_id = pending_dates.first_load_id
    inner join rule_plan
        on replaced.matcher_id = rule_plan.matcher_id
    where
        rule_plan.is_carried
        and {{ in_day_window('pending_dates.activity_day', 'rule_plan.previous_day',
            'rule_plan.window_days') }}

),

carried_changes as (

    select
        carried_days.rule_key,
        carried_days.lead_id,
        sum(carried_days.sign * carried_days.occurrences) as occurrences,
        cast(sum(case
            when carried_days.sign = 1 then carried_days.decay_term
            else -carried_days.decay_term
        end) as {{ decay_sum_type() }}) as decay_sum,
        min(carried_days.first_activity_at) as first_activity_at,
        max(carried_days.last_activity_at) as last_activity_at,
        min(carried_days.activity_day) as first_activity_day,
        max(carried_days.activity_day) as last_activity_day

    from carried_days
    left join refreshed_leads
        on
            carried_days.rule_key = refreshed_leads.rule_key
            and carried_days.lead_id = refreshed_leads.lead_id
    where refreshed_leads.lead_id is null
    group by carried_days.rule_key, carried_days.lead_id

),

carried as (

    select
        carried_changes.rule_key,
        carried_changes.lead_id,
        coalesce(previous.occurrences, 0) + carried_changes.occurrences as occurrences,
        coalesce(previous.decay_sum, 0) + carried_changes.decay_sum as decay_sum,
        least(previous.first_activity_at, carried_changes.first_activity_at) as first_activity_at,
        greatest(previous.last_activity_at, carried_changes.last_activity_at) as last_activity_at,
        least(previous.first_activity_day, carried_changes.first_activity_day)
            as first_activity_day,
        greatest(previous.last_activity_day, carried_changes.last_activity_day)
            as last_activity_day

    from carried_changes
    left join previous_leads_keyed as previous
        on
            carried_changes.rule_key = previous.rule_key
            and carried_changes.lead_id = previous.lead_id

)
{%- endmacro %}
