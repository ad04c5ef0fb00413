{{ config(
    materialized='incremental',
    incremental_strategy='append',
    partition_by=date_partitions('activity_date'),
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_reloaded_rows(
        is_reloaded_date('activity_date', 'int_activity_reload_dates')
        ~ ' or ' ~ activity_types_changed() ~ ' or ' ~ is_removed_lead('lead_id')) }}",
) }}

-- depends_on: {{ ref('int_activity_reload_dates') }}
-- depends_on: {{ ref('int_activity_leads_removed') }}

-- Raw activities rejected when their date was loaded, but for repeated keys (which
-- int_activity_key_duplicates holds): a missing key, a bad value or a missing timestamp, an
-- unknown lead or activity type, or flagged by a bot rule (bot_rule_id,
-- int_activity_bot_flags). rejected_records evaluates the reason again against the current
-- leads and activity types, so a lead that arrives later accepts its activities. Reloaded with
-- the plan's dates and those of a repeated key's rows kept now and not before, or the other
-- way round (int_activity_reload_dates), or on every date when the accepted activity types
-- changed; and every row of a lead removed since the last load, whatever its date
-- (int_activity_leads_removed), as its activities were loaded as accepted.
with

activities as (

    select * from {{ ref('stg_raw__activities') }}
    {% if is_incremental() %}
        {%- set reloaded = in_reload_scan(
            'activity_date', 'int_activity_reload_dates', 'occurred_at')
            ~ ' or ' ~ activity_types_changed() %}
        where {{ reloaded }}

        union all

        {# a second scan, not an `or`: the date filter above stays one the scan can skip by,
            and this one reads nothing when no lead was removed #}
        select * from {{ ref('stg_raw__activities') }}
        where {{ is_removed_lead('lead_id') }} and not ({{ reloaded }})
    {% endif %}

),

duplicated_keys as (

    select distinct activity_id from {{ ref('int_activity_key_duplicates') }}

),

accepted_leads as (

    select lead_id from {{ ref('stg_raw__leads') }}

),

bot_flags as (

    select
        activity_id,
        rule_id
    from {{ ref('int_activity_bot_flags') }}

),

activity_types as (

    select activity_type from {{ ref('stg_seeds__activity_types') }}

),

classified as (

    select
        activities.activity_id,
        activities.lead_id,
        {{ normalize_text('activities.activity_type') }} as activity_type,
        activities.occurred_at,
        activities.activity_date,
        activities.bad_value,
        bot_flags.rule_id as bot_rule_id,
        case
            {{ activity_rejection_reason(
                'activities.activity_id', '1', 'activities.bad_value', 'activities.occurred_at',
                'accepted_leads.lead_id', 'activity_types.activity_type') }}
        end as rejection_reason

    from activities
    left join duplicated_keys
        on activities.activity_id = duplicated_keys.activity_id
    left join accepted_leads
        on activities.lead_id = accepted_leads.lead_id
    left join activity_types
        on {{ normalize_text('activities.activity_type') }} = activity_types.activity_type
    left join bot_flags
        on activities.activity_id = bot_flags.activity_id
    where duplicated_keys.activity_id is null

),

final as (

    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at,
        activity_date,
        bad_value,
        bot_rule_id

    from classified
    where rejection_reason is not null or bot_rule_id is not null

)

select * from final
