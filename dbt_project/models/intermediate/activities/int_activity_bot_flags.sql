{{ config(
    materialized='incremental',
    incremental_strategy='append',
    partition_by=date_partitions('activity_date'),
    pre_hook="{{ delete_reloaded_rows(
        'activity_date in (select activity_date from '
        ~ ref('int_activity_bot_scope_dates') ~ ' where is_flag_date)') }}",
) }}

-- The activities a bot rule flags (contract §4), with the flagging rule (the lowest rule_id): not
-- scored, not segmented, rejected as `bot_suspected`. Rules look at the activities that pass
-- the earlier checks (a key, kept once; a timestamp; a lead id; an accepted type), per raw
-- lead_id; a rule with an activity_type only at activities of that type. "Within N seconds" is
-- at most N seconds apart, compared to the microsecond. Incremental: the flags of the dates
-- of int_activity_bot_scope_dates are worked out again, reading the dates around them, so a
-- burst across midnight, or whose neighbours arrive a day late, is found whole.
{%- set in_scope = in_reload_scan('activity_date', 'int_activity_bot_scope_dates', 'occurred_at')
    if is_incremental() else 'true' %}
with

repeated_keys as (

    select * from {{ ref('int_activity_key_duplicates') }}

),

activity_types as (

    select activity_type from {{ ref('stg_seeds__activity_types') }}

),

bot_rules as (

    select * from {{ ref('stg_seeds__bot_rules') }}

),

flag_dates as (

    select activity_date from {{ ref('int_activity_bot_scope_dates') }}
    where is_flag_date

),

-- one row per key: the rows of keys seen once, and the kept row of each repeated key
keyed as (

    select
        activities.activity_id,
        activities.lead_id,
        activities.activity_type,
        activities.occurred_at,
        activities.activity_date,
        activities.url,
        activities.user_agent,
        activities.ip_address

    from {{ ref('stg_raw__activities') }} as activities
    where
        {{ in_scope }}
        and not {{ is_blank('activities.activity_id') }}
        -- not `not in`: Spark plans that as a nested-loop join (macros/running_sums)
        and not exists (
            select 1 from repeated_keys
            where repeated_keys.activity_id = activities.activity_id
        )

    union all

    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at,
        activity_date,
        url,
        user_agent,
        ip_address

    from repeated_keys
    where key_rank = 1 and {{ in_scope }}

),

checked as (

    select
        keyed.activity_id,
        keyed.lead_id,
        activity_types.activity_type,
        keyed.activity_date,
        keyed.url,
        keyed.user_agent,
        keyed.ip_address,
        {{ epoch_microseconds('keyed.occurred_at') }} as occurred_us

    from keyed
    inner join activity_types
        on {{ normalize_text('keyed.activity_type') }} = activity_types.activity_type
    where keyed.occurred_at is not null and keyed.lead_id is not null

),

-- user agents and addresses are matched once per distinct value
agent_matches as (

    select
        agents.user_agent,
        bot_rules.rule_id,
        bot_rules.activity_type

    from (
        select distinct user_agent from checked
        where user_agent is not null
    ) as agents
    inner join bot_rules
        on
            bot_rules.kind = 'user_agent'
            and {{ like_ci('agents.user_agent', 'bot_rules.pattern') }}

),

address_matches as (

    select
        addresses.ip_address,
        bot_rules.rule_id,
        bot_rules.activity_type

    from (
        select distinct ip_address from checked
        where ip_address is not null
    ) as addresses
    inner join bot_rules
        on
            bot_rules.kind = 'ip_prefix'
            and substr(addresses.ip_address, 1, length(bot_rules.pattern)) = bot_rules.pattern

),

url_matches as (

    select
        urls.url,
        bot_rules.rule_id,
        bot_rules.activity_type,
        bot_rules.within_seconds

    from (
        select distinct url from checked
        where url is not null
    ) as urls
    inner join bot_rules
        on
            bot_rules.kind = 'honeypot_url'
            and {{ like_ci('urls.url', 'bot_rules.pattern') }}

),

honeypot_hits as (

    select
        checked.lead_id,
        checked.occurred_us,
        url_matches.rule_id,
        url_matches.activity_type,
        url_matches.within_seconds

    from checked
    inner join url_matches
        on
            checked.url = url_matches.url
            and (
                url_matches.activity_type is null
                or checked.activity_type = url_matches.activity_type
            )

),

-- a burst rule's activities in buckets of within_seconds: those within it of an activity are
-- in its bucket or the next one either side
burst_candidates as (

    select
        checked.activity_id,
        checked.lead_id,
        checked.occurred_us,
        bot_rules.rule_id,
        bot_rules.max_events,
        cast(bot_rules.within_seconds as bigint) * 1000000 as within_us,
        {{ integer_divide('checked.occurred_us',
            'cast(bot_rules.within_seconds as bigint) * 1000000') }} as bucket

    from checked
    inner join bot_rules
        on
            bot_rules.kind = 'burst'
            and (
                bot_rules.activity_type is null
                or checked.activity_type = bot_rules.activity_type
            )

),

bucket_offsets as (

    select -1 as bucket_offset
    union all
    select 0 as bucket_offset
    union all
    select 1 as bucket_offset

),

bursts as (

    select
        activity.activity_id,
        activity.rule_id

    from burst_candidates as activity
    cross join bucket_offsets
    inner join burst_candidates as neighbour
        on
            activity.rule_id = neighbour.rule_id
            and activity.lead_id = neighbour.lead_id
            and activity.bucket + bucket_offsets.bucket_offset = neighbour.bucket
    where
        activity.activity_id <> neighbour.activity_id
        and abs(activity.occurred_us - neighbour.occurred_us) <= activity.within_us
    group by activity.activity_id, activity.rule_id, activity.max_events
    having count(*) >= activity.max_events

),

flags as (

    select
        checked.activity_id,
        agent_matches.rule_id

    from checked
    inner join agent_matches
        on
            checked.user_agent = agent_matches.user_agent
            and (
                agent_matches.activity_type is null
                or checked.activity_type = agent_matches.activity_type
            )

    union all

    select
        checked.activity_id,
        address_matches.rule_id

    from checked
    inner join address_matches
        on
            checked.ip_address = address_matches.ip_address
            and (
                address_matches.activity_type is null
                or checked.activity_type = address_matches.activity_type
            )

    -- the honeypot activity and every activity of the lead (of the rule's type) near it
    union all

    select
        checked.activity_id,
        honeypot_hits.rule_id

    from checked
    inner join honeypot_hits
        on
            checked.lead_id = honeypot_hits.lead_id
            and (
                honeypot_hits.activity_type is null
                or checked.activity_type = honeypot_hits.activity_type
            )
    where
        abs(checked.occurred_us - honeypot_hits.occurred_us)
        <= cast(honeypot_hits.within_seconds as bigint) * 1000000

    union all

    select
        activity_id,
        rule_id

    from bursts

),

final as (

    select
        checked.activity_id,
        checked.lead_id,
        checked.activity_date,
        min(flags.rule_id) as rule_id

    from checked
    inner join flags
        on checked.activity_id = flags.activity_id
    inner join flag_dates
        on checked.activity_date = flag_dates.activity_date
    group by checked.activity_id, checked.lead_id, checked.activity_date

)

select * from final
