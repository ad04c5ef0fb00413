{{ config(materialized='ephemeral') }}

-- Problems of stg_seeds__sheet_errors with the rules: behaviour rules (activity type, group),
-- bot rules (kind, pattern, burst settings, ids) and profile rules' bounds; and an
-- activity_types.csv that lists no type. Attributes and operators: *_attributes.
with

behavior_rules as (

    select * from {{ ref('behavior_rules') }}

),

profile_rules as (

    select
        *,
        {{ normalize_text('operator') }} as normalized_operator

    from {{ ref('profile_rules') }}

),

score_groups as (

    select * from {{ ref('score_groups') }}

),

activity_types as (

    select distinct {{ normalize_text('activity_type') }} as activity_type
    from {{ ref('activity_types') }}

),

activity_type_problems as (

    -- an empty sheet is meaningful elsewhere (no rules, no groups, no bot rules), not here
    select
        'activity_types.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        cast(null as {{ dbt.type_string() }}) as rule_id,
        'lists no activity type: every activity would be rejected as unknown_activity_type;'
        || ' list the types your sources send' as problem
    from (select count(activity_type) as type_count from activity_types) as counted
    where counted.type_count = 0

),

behavior_rule_problems as (

    select
        'behavior_rules.csv' as seed_file,
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        'unknown activity_type ''' || coalesce(behavior_rules.activity_type, '')
        || ''': not in activity_types.csv' as problem
    from behavior_rules
    left join activity_types
        on {{ normalize_text('behavior_rules.activity_type') }} = activity_types.activity_type
    where activity_types.activity_type is null

    union all

    select
        'behavior_rules.csv' as seed_file,
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        'unknown group_id ''' || behavior_rules.group_id
        || ''': not in score_groups.csv for this sheet' as problem
    from behavior_rules
    left join score_groups
        on
            behavior_rules.sheet_id = score_groups.sheet_id
            and behavior_rules.group_id = score_groups.group_id
    where
        nullif(trim(behavior_rules.group_id), '') is not null
        and score_groups.group_id is null

),

-- bot rules have no sheet: the rule id names them. A rule of a type not in activity_types.csv
-- is no error: activities of such a type are rejected before any bot rule looks at them.
bot_rules as (

    select
        *,
        {{ normalize_text('kind') }} as normalized_kind

    from {{ ref('bot_rules') }}

),

bot_rule_problems as (

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'unknown kind ''' || coalesce(bot_rules.kind, '')
        || ''': use user_agent, ip_prefix, honeypot_url or burst' as problem
    from bot_rules
    where
        bot_rules.normalized_kind is null
        or bot_rules.normalized_kind not in ('user_agent', 'ip_prefix', 'honeypot_url', 'burst')

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'missing pattern: a ' || bot_rules.normalized_kind || ' rule needs one' as problem
    from bot_rules
    where
        bot_rules.normalized_kind in ('user_agent', 'ip_prefix', 'honeypot_url')
        and {{ is_blank('bot_rules.pattern') }}

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'a burst rule needs max_events and within_seconds, both more than 0' as problem
    from bot_rules
    where
        bot_rules.normalized_kind = 'burst'
        and (
            coalesce({{ text_whole_number('bot_rules.max_events') }}, 0) <= 0
            or coalesce({{ text_whole_number('bot_rules.within_seconds') }}, 0) <= 0
        )

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'missing rule_id' as problem
    from bot_rules
    where {{ is_blank('bot_rules.rule_id') }}

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        rule_id,
        'duplicate rule_id: rule ids must be unique in bot_rules.csv' as problem
    from bot_rules
    where not {{ is_blank('rule_id') }}
    group by rule_id
    having count(*) > 1

    union all

    select
        'bot_rules.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        bot_rules.rule_id,
        'within_seconds ''' || bot_rules.within_seconds || ''' is negative' as problem
    from bot_rules
    where {{ text_whole_number('bot_rules.within_seconds') }} < 0

),

profile_rule_problems as (

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'between needs min_value or max_value (both are blank)' as problem
    from profile_rules
    where
        normalized_operator = 'between'
        and {{ is_blank('min_value') }}
        and {{ is_blank('max_value') }}

),

final as (

    select * from activity_type_problems
    union all
    select * from behavior_rule_problems
    union all
    select * from bot_rule_problems
    union all
    select * from profile_rule_problems

)

select * from final
