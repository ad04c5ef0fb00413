{{ config(materialized='pointer_jumps') }}

-- The merges whose rows pass (base_raw__lead_merges), walked to the end of their chains at any
-- length (macros/materializations/pointer_jumps.sql), whatever their dates: where a walk
-- comes back to where it went before, the merges form a cycle (stg_raw__lead_merges).
with

passed_merges as (

    select * from {{ ref('base_raw__lead_merges') }}
    where rejection_reason is null

),

final as (

    select
        merged_lead_id as lead_id,
        surviving_lead_id as target_id,
        cast(null as date) as in_force_on

    from passed_merges

)

select * from final
