-- Every raw row that staging excluded, with the reason. With the accepted rows, this accounts
-- for every raw row of every source. Activities are validated as their dates are loaded
-- (int_activities_rejected, int_activity_key_duplicates); their lead and type are checked again
-- here against the current leads and activity types. `detail` names what is behind a reason
-- where one applies: the column and value of a bad value, the unknown lead or activity type,
-- the bot rule, the survivor of a merge that would close a cycle.
{%- set keyed_sources = [
    ('leads', 'lead_id'),
    ('accounts', 'account_id'),
    ('opportunities', 'opportunity_id'),
    ('lead_merges', 'merged_lead_id'),
    ('lead_attributes', 'record_id'),
    ('account_attributes', 'record_id')] %}
with

{% for table, key in keyed_sources %}
    rejected_{{ table }} as (

        select
            '{{ table }}' as source_table,
            {{ key }} as record_id,
            rejection_reason as reason,
            cast(rejection_detail as {{ dbt.type_string() }}) as detail

        from {{ ref('base_raw__' ~ table) }}
        where rejection_reason is not null

    ),

{% endfor %}
-- merges whose rows pass but that would close a cycle (stg_raw__lead_merges), with the survivor
rejected_merge_cycles as (

    select
        'lead_merges' as source_table,
        passed.merged_lead_id as record_id,
        'merge_cycle' as reason,
        passed.surviving_lead_id as detail

    from {{ ref('base_raw__lead_merges') }} as passed
    left join {{ ref('stg_raw__lead_merges') }} as accepted
        on passed.merged_lead_id = accepted.merged_lead_id
    where passed.rejection_reason is null and accepted.merged_lead_id is null

),

repeated_keys as (

    select * from {{ ref('int_activity_key_duplicates') }}

),

repeated_key_ids as (

    select distinct activity_id from repeated_keys

),

accepted_leads as (

    select lead_id from {{ ref('stg_raw__leads') }}

),

activity_types as (

    select activity_type from {{ ref('stg_seeds__activity_types') }}

),

bot_flags as (

    select
        activity_id,
        rule_id
    from {{ ref('int_activity_bot_flags') }}

),

-- rows rejected when loaded whose key has not been repeated since, and every repeated key's rows
activity_candidates as (

    select
        rejected.activity_id,
        rejected.lead_id,
        rejected.activity_type,
        rejected.occurred_at,
        rejected.bad_value,
        1 as key_rank,
        rejected.bot_rule_id

    from {{ ref('int_activities_rejected') }} as rejected
    left join repeated_key_ids
        on rejected.activity_id = repeated_key_ids.activity_id
    where repeated_key_ids.activity_id is null

    union all

    select
        repeated_keys.activity_id,
        repeated_keys.lead_id,
        {{ normalize_text('repeated_keys.activity_type') }} as activity_type,
        repeated_keys.occurred_at,
        repeated_keys.bad_value,
        repeated_keys.key_rank,
        case when repeated_keys.key_rank = 1 then bot_flags.rule_id end as bot_rule_id

    from repeated_keys
    left join bot_flags
        on repeated_keys.activity_id = bot_flags.activity_id

),

classified_activities as (

    select
        'activities' as source_table,
        activity_candidates.activity_id as record_id,
        case
            {{ activity_rejection_reason(
                'activity_candidates.activity_id', 'activity_candidates.key_rank',
                'activity_candidates.bad_value', 'activity_candidates.occurred_at',
                'accepted_leads.lead_id',
                'activity_types.activity_type') }}
            when activity_candidates.bot_rule_id is not null then 'bot_suspected'
        end as reason,
        activity_candidates.lead_id,
        activity_candidates.activity_type,
        activity_candidates.bad_value,
        activity_candidates.bot_rule_id

    from activity_candidates
    left join accepted_leads
        on activity_candidates.lead_id = accepted_leads.lead_id
    left join activity_types
        on activity_candidates.activity_type = activity_types.activity_type

),

rejected_activities as (

    select
        source_table,
        record_id,
        reason,
        case reason
            when 'bad_value' then bad_value
            when 'unknown_lead' then lead_id
            when 'unknown_activity_type' then activity_type
            when 'bot_suspected' then bot_rule_id
        end as detail

    from classified_activities
    where reason is not null

),

unioned as (

    {% for table, key in keyed_sources %}
        select * from rejected_{{ table }}
        union all
    {% endfor %}
    select * from rejected_merge_cycles
    union all
    select * from rejected_activities

),

final as (

    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(record_id as {{ dbt.type_string() }}) as record_id,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(detail as {{ dbt.type_string() }}) as detail,
        {{ utc_now() }} as detected_at

    from unioned

)

select * from final
