-- depends_on: {{ ref('int_activities_rejected') }}
-- depends_on: {{ ref('int_activities_matched_daily') }}

-- The leads accepted when the incremental activity models last loaded, written after they
-- succeed; int_activity_leads_removed of the next run compares them with the current leads.
with

leads as (

    select lead_id from {{ ref('stg_raw__leads') }}

),

final as (

    select lead_id from leads

)

select * from final
