-- Accepted CRM merges: a known lead merged into another known lead, outside any cycle.
with

base as (

    select * from {{ ref('base_raw__lead_merges') }}
    where rejection_reason is null

),

final as (

    select
        merged_lead_id,
        surviving_lead_id,
        merged_at

    from base

)

select * from final
