-- Every raw activity, renamed and cast, its timestamp as a UTC instant (macros/timestamps.sql),
-- with its UTC activity date (null without a timestamp, or with one that is not a timestamp:
-- bad_value names it); user_agent and ip_address are optional columns of raw (null when raw
-- has none).
{%- set activities = source('raw', 'activities') %}
-- Which rows are accepted is decided incrementally, by activity date, downstream:
-- int_activity_key_duplicates, int_activities_rejected and int_activities_matched_daily.
with

source as (

    select * from {{ activities }}

),

renamed as (

    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type,
        {{ utc_timestamp(activities, 'occurred_at') }} as occurred_at,
        cast(url as {{ dbt.type_string() }}) as url,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        {{ optional_text_column(activities, 'user_agent') }} as user_agent,
        {{ optional_text_column(activities, 'ip_address') }} as ip_address,
        {{ raw_bad_value(activities, [('occurred_at', 'timestamp')]) }} as bad_value

    from source

),

final as (

    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at,
        cast(occurred_at as date) as activity_date,
        url,
        campaign,
        user_agent,
        ip_address,
        bad_value

    from renamed

)

select * from final
