-- depends_on: {{ ref('int_activity_key_duplicates') }}
-- depends_on: {{ ref('int_activities_rejected') }}
-- depends_on: {{ ref('int_activities_matched_daily') }}

-- The matchers that int_activities_matched_daily holds rows for, written after the incremental
-- activity models succeed; int_activity_load_plan of the next run compares them with the
-- current matchers to find those added or removed.
with

matchers as (

    select * from {{ ref('int_activity_matchers') }}

),

final as (

    select
        matcher_id,
        matcher_kind

    from matchers

)

select * from final
