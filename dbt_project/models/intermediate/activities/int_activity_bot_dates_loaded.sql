-- depends_on: {{ ref('int_activities_rejected') }}
-- depends_on: {{ ref('int_activities_matched_daily') }}

-- The bot flags the daily aggregates and the rejections were last loaded with: per activity
-- date with flags, a fingerprint of them. Written after the loaders succeed, like the load
-- log; int_activity_reload_dates of the next run reloads the dates whose flags differ from it.
with

flags as (

    select * from {{ ref('int_activity_bot_flags') }}

),

final as (

    select
        activity_date,
        {{ rows_fingerprint(['activity_id', 'rule_id']) }} as bot_fingerprint

    from flags
    group by activity_date

)

select * from final
