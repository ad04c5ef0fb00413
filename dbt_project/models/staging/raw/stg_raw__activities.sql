-- Accepted activities with their UTC activity date.
with

base as (

    select * from {{ ref('base_raw__activities') }}
    where rejection_reason is null

),

final as (

    select
        activity_id,
        lead_id,
        {{ normalize_text('activity_type') }} as activity_type,
        occurred_at,
        cast(occurred_at as date) as activity_date,
        url,
        campaign

    from base

)

select * from final
