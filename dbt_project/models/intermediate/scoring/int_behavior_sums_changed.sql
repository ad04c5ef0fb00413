-- What moves the running decayed sums (int_behavior_rule_sums) to the score date: per sum kept
-- (int_running_sum_rules: each sheet's behaviour rules, and the interests) and lead whose sums
-- change, the new sums (occurrences 0: the lead has none left), and a row per rule (lead_id
-- null) with what the sums were taken with. A rule is carried from the last run's sums when it
-- matches the same activities with the same half-life and window, its anchor has not moved and
-- the date did not go back: the days that entered its window are added, those that left it
-- taken out, and the reloaded dates taken out as they were (source
-- load_state.int_activities_replaced) and added as they are. Any other rule is summed afresh
-- over the window, and so is a lead whose kept first activity left the window or was on a
-- reloaded date, or whose kept last activity was (a minimum cannot be taken out of).
-- Sums are per person (int_lead_identities_on_date): the activities of leads merged into
-- another count for the survivor, under one per-day limit. The leads of a person with merged
-- leads, now or when the sums were last moved, are summed afresh on every run (a merge takes a
-- lead's whole history along); their ids are kept as rows without a sheet (`regrouped`).
{%- set score_day = epoch_day(score_date()) %}
{#- the daily aggregates with their day, per person, read where they are used: DuckDB would
    materialize a CTE read more than once (the whole table, every run). The rows of leads that
    are not regrouped are as they are; those of regrouped leads are added up per person and
    day, under the matcher's per-day limit. -#}
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
    where daily.lead_id not in (select regrouped_now.lead_id from regrouped_now)

    union all

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
    group by daily.matcher_id, members.person_id, daily.activity_date, matchers.max_per_day)
{%- endset %}
with

previous_sums as (

    {{ load_state('int_behavior_rule_sums', rule_sums_columns(), no_rule_sums(),
        source_name='scoring_state') }}

),

previous_rules as (

    select * from previous_sums
    where lead_id is null

),

previous_leads as (

    select * from previous_sums
    where lead_id is not null and sheet_id is not null

),

-- the leads of persons with merged leads, each with its person (the survivor: itself)
regrouped_now as (

    select
        identities.lead_id,
        identities.person_id

    from {{ ref('int_lead_identities_on_date') }} as identities
    where
        identities.score_date = {{ score_date() }}
        and identities.person_id in (
            select merged.person_id from {{ ref('int_lead_identities_on_date') }} as merged
            where merged.lead_id <> merged.person_id and merged.score_date = {{ score_date() }}
        )

),

-- those, and the leads that were regrouped when the sums were last moved
regrouped as (

    select lead_id from regrouped_now

    union

    select lead_id from previous_sums
    where sheet_id is null and lead_id is not null

),

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

),

-- leads of rules not carried (or gone from the sheets), and refreshed leads, with no row
-- summed afresh: nothing left
emptied as (

    select
        previous.sheet_id,
        previous.rule_id,
        previous.lead_id

    from previous_leads_keyed as previous
    left join refreshed_leads
        on
            previous.rule_key = refreshed_leads.rule_key
            and previous.lead_id = refreshed_leads.lead_id
    left join summed_afresh
        on
            previous.rule_key = summed_afresh.rule_key
            and previous.lead_id = summed_afresh.lead_id
    where
        (not previous.is_carried or refreshed_leads.lead_id is not null)
        and summed_afresh.lead_id is null

),

lead_sums as (

    select * from summed_afresh
    union all
    select * from carried

),

final as (

    select
        summed_rules.sheet_id,
        summed_rules.rule_id,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        summed_rules.matcher_id,
        summed_rules.half_life_days,
        summed_rules.window_days,
        summed_rules.anchor_day,
        {{ score_day }} as sums_day,
        coalesce(loads.last_load_id, loads.consumed_load_id, 0) as consumed_load_id,
        cast(null as bigint) as occurrences,
        cast(null as {{ decay_sum_type() }}) as decay_sum,
        cast(null as {{ dbt.type_timestamp() }}) as first_activity_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_activity_at,
        cast(null as integer) as first_activity_day,
        cast(null as integer) as last_activity_day

    from summed_rules
    cross join loads

    union all

    select
        summed_rules.sheet_id,
        summed_rules.rule_id,
        lead_sums.lead_id,
        null as matcher_id,
        null as half_life_days,
        null as window_days,
        null as anchor_day,
        null as sums_day,
        null as consumed_load_id,
        cast(lead_sums.occurrences as bigint) as occurrences,
        cast(lead_sums.decay_sum as {{ decay_sum_type() }}) as decay_sum,
        case when summed_rules.keeps_first_activity then lead_sums.first_activity_at end
            as first_activity_at,
        case when summed_rules.keeps_last_activity then lead_sums.last_activity_at end
            as last_activity_at,
        case when summed_rules.keeps_first_activity then lead_sums.first_activity_day end
            as first_activity_day,
        case when summed_rules.keeps_last_activity then lead_sums.last_activity_day end
            as last_activity_day

    from lead_sums
    inner join summed_rules
        on lead_sums.rule_key = summed_rules.rule_key

    union all

    select
        sheet_id,
        rule_id,
        lead_id,
        null as matcher_id,
        null as half_life_days,
        null as window_days,
        null as anchor_day,
        null as sums_day,
        null as consumed_load_id,
        0 as occurrences,
        0 as decay_sum,
        null as first_activity_at,
        null as last_activity_at,
        null as first_activity_day,
        null as last_activity_day

    from emptied

    union all

    select
        null as sheet_id,
        null as rule_id,
        lead_id,
        null as matcher_id,
        null as half_life_days,
        null as window_days,
        null as anchor_day,
        null as sums_day,
        null as consumed_load_id,
        null as occurrences,
        null as decay_sum,
        null as first_activity_at,
        null as last_activity_at,
        null as first_activity_day,
        null as last_activity_day

    from regrouped_now

)

select * from final
