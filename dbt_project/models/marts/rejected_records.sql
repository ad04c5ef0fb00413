-- Every raw row that staging excluded, with the reason. With the accepted rows, this accounts
-- for every raw row of every source. Activities are validated as their dates are loaded
-- (int_activities_rejected, int_activity_key_duplicates); their lead and type are checked again
-- here against the current leads and activity types.
{%- set keyed_sources = [
    ('leads', 'lead_id'),
    ('accounts', 'account_id'),
    ('opportunities', 'opportunity_id')] %}
with

{% for table, key in keyed_sources %}
    rejected_{{ table }} as (

        select
            '{{ table }}' as source_table,
            {{ key }} as record_id,
            rejection_reason as reason

        from {{ ref('base_raw__' ~ table) }}
        where rejection_reason is not null

    ),

{% endfor %}
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

-- rows rejected when loaded whose key has not been repeated since, and every repeated key's rows
activity_candidates as (

    select
        rejected.activity_id,
        rejected.lead_id,
        rejected.activity_type,
        rejected.occurred_at,
        1 as key_rank

    from {{ ref('int_activities_rejected') }} as rejected
    left join repeated_key_ids
        on rejected.activity_id = repeated_key_ids.activity_id
    where repeated_key_ids.activity_id is null

    union all

    select
        activity_id,
        lead_id,
        {{ normalize_text('activity_type') }} as activity_type,
        occurred_at,
        key_rank

    from repeated_keys

),

classified_activities as (

    select
        'activities' as source_table,
        activity_candidates.activity_id as record_id,
        case
            {{ activity_rejection_reason(
                'activity_candidates.activity_id', 'activity_candidates.key_rank',
                'activity_candidates.occurred_at', 'accepted_leads.lead_id',
                'activity_types.activity_type') }}
        end as reason

    from activity_candidates
    left join accepted_leads
        on activity_candidates.lead_id = accepted_leads.lead_id
    left join activity_types
        on activity_candidates.activity_type = activity_types.activity_type

),

rejected_activities as (

    select * from classified_activities
    where reason is not null

),

unioned as (

    {% for table, key in keyed_sources %}
        select * from rejected_{{ table }}
        union all
    {% endfor %}
    select * from rejected_activities

),

final as (

    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(record_id as {{ dbt.type_string() }}) as record_id,
        cast(reason as {{ dbt.type_string() }}) as reason,
        {{ utc_now() }} as detected_at

    from unioned

)

select * from final
