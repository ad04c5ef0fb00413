{#- int_behavior_sums_changed, the plan of a run: the daily aggregates replaced since the sums
    were last moved (replaced, loads, pending_dates), each kept sum with whether it is carried
    (rule_plan), the kept lead sums keyed by their rule (previous_leads_keyed) and the leads
    of carried rules summed afresh (refreshed_leads). Reads the CTEs of running_sums_kept. -#}
{% macro running_sums_plan(score_day) -%}
replaced as (

    {{ replaced_aggregates() }}

),

loads as (

    select
        max(previous_rules.consumed_load_id) as consumed_load_id,
        (select max(replaced.load_id) from replaced) as last_load_id

    from previous_rules

),

-- every sum kept: the behaviour rules and the interests (int_running_sum_rules)
summed_rules as (

    select
        rules.*,
        {{ decay_anchor_day(score_day, 'rules.half_life_days') }} as anchor_day

    from {{ ref('int_running_sum_rules') }} as rules

),

rule_plan as (

    select
        summed_rules.*,
        previous_rules.sums_day as previous_day,
        coalesce(
            previous_rules.matcher_id = summed_rules.matcher_id
            and {{ equal_or_both_null(
                'previous_rules.half_life_days', 'summed_rules.half_life_days') }}
            and {{ equal_or_both_null(
                'previous_rules.window_days', 'summed_rules.window_days') }}
            and {{ equal_or_both_null(
                'previous_rules.anchor_day', 'summed_rules.anchor_day') }}
            and previous_rules.sums_day <= {{ score_day }},
            false
        ) as is_carried

    from summed_rules
    left join previous_rules
        on
            summed_rules.sheet_id = previous_rules.sheet_id
            and summed_rules.rule_id = previous_rules.rule_id

),

-- the dates reloaded since the sums were last moved, with the load that first replaced each:
-- its rows are the ones the sums hold
pending_dates as (

    select
        replaced.activity_date,
        {{ epoch_day('replaced.activity_date') }} as activity_day,  -- noqa: LT05
        min(replaced.load_id) as first_load_id

    from replaced
    cross join loads
    where loads.consumed_load_id is null or replaced.load_id > loads.consumed_load_id
    group by replaced.activity_date

),

-- the sums of the last run, with the rule they are carried under (none: a rule gone)
previous_leads_keyed as (

    select
        previous_leads.sheet_id,
        previous_leads.rule_id,
        previous_leads.lead_id,
        previous_leads.occurrences,
        previous_leads.decay_sum,
        previous_leads.first_activity_at,
        previous_leads.last_activity_at,
        previous_leads.first_activity_day,
        previous_leads.last_activity_day,
        rule_plan.rule_key,
        rule_plan.matcher_id,
        rule_plan.window_days,
        rule_plan.anchor_day,
        rule_plan.half_life_days,
        rule_plan.keeps_first_activity,
        rule_plan.keeps_last_activity,
        coalesce(rule_plan.is_carried, false) as is_carried

    from previous_leads
    left join rule_plan
        on
            previous_leads.sheet_id = rule_plan.sheet_id
            and previous_leads.rule_id = rule_plan.rule_id

),

-- the leads of carried rules summed afresh: their first or last activity left the window or
-- is on a reloaded date, or they are regrouped
refreshed_leads as (

    select
        previous.rule_key,
        previous.lead_id,
        previous.matcher_id,
        previous.window_days,
        previous.anchor_day,
        previous.half_life_days

    from previous_leads_keyed as previous
    left join pending_dates as first_pending
        on previous.first_activity_day = first_pending.activity_day
    left join pending_dates as last_pending
        on previous.last_activity_day = last_pending.activity_day
    where
        previous.is_carried
        and (
            previous.keeps_first_activity and (
                not {{ in_day_window('previous.first_activity_day', score_day,
                    'previous.window_days') }}
                or first_pending.activity_day is not null
            )
            or previous.keeps_last_activity and last_pending.activity_day is not null
        )

    union

    select
        rule_plan.rule_key,
        regrouped.lead_id,
        rule_plan.matcher_id,
        rule_plan.window_days,
        rule_plan.anchor_day,
        rule_plan.half_life_days

    from rule_plan
    cross join regrouped
    where rule_plan.is_carried

)
{%- endmacro %}
