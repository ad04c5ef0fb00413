-- Every raw activity, renamed and cast, with its UTC activity date (null without a timestamp).
-- Which rows are accepted is decided incrementally, by activity date, downstream:
-- int_activity_key_duplicates, int_activities_rejected and int_activities_matched_daily.
with

source as (

    select * from {{ source('raw', 'activities') }}

),

renamed as (

    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        cast(cast(occurred_at as {{ dbt.type_timestamp() }}) as date) as activity_date,
        cast(url as {{ dbt.type_string() }}) as url,
        cast(campaign as {{ dbt.type_string() }}) as campaign

    from source

)

select * from renamed
