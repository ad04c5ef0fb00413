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
-- The work is split by concern in macros/running_sums/, each a few CTEs of this WITH: what the
-- last run kept, the plan (which rules are carried, which dates moved, which leads are summed
-- afresh), the sums taken afresh, the carried sums; what was emptied and the rows written are
-- here. Macros rather than ephemeral models: one node, whose unit test feeds it daily
-- aggregates and checks the sums end to end, and one query, which DuckDB plans as a whole.
{%- set score_day = epoch_day(score_date()) %}
with

{{ running_sums_kept() }},

{{ running_sums_plan(score_day) }},

{{ running_sums_afresh(score_day) }},

{{ running_sums_carried(score_day) }},

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
