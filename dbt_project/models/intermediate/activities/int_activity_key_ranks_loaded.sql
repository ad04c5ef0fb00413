-- depends_on: {{ ref('int_activities_rejected') }}
-- depends_on: {{ ref('int_activities_matched_daily') }}

-- The repeated activity keys as the last successful load ranked them: which of their rows was
-- kept. Written after the incremental activity models succeed, like the load log; the next
-- run's int_activity_reload_dates compares the ranks it finds with these, to reload the dates
-- of rows that were kept and are not any more, or the other way round.
with

repeated_keys as (

    select * from {{ ref('int_activity_key_duplicates') }}

),

final as (

    select
        activity_id,
        activity_date,
        occurred_at,
        lead_id,
        activity_type,
        url,
        campaign,
        user_agent,
        ip_address,
        key_rank

    from repeated_keys

)

select * from final
