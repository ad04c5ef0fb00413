-- Per lead and activity date: how many accepted activities and the latest one's timestamp.
with

activities as (

    select * from {{ ref('stg_raw__activities') }}

),

final as (

    select
        lead_id,
        activity_date,
        count(*) as activity_count,
        max(occurred_at) as last_activity_at

    from activities
    group by lead_id, activity_date

)

select * from final
