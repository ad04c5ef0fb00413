{{ config(materialized='pointer_jumps') }}

-- The accepted CRM merges (no cycle among them), walked to the end of their chains at any
-- length (macros/materializations/pointer_jumps.sql): each jump in force from the date of the
-- latest merge it crosses (an undated merge: always). int_lead_identities_on_date follows
-- them as of the score date (macros/merge_chains.sql).
with

accepted_merges as (

    select * from {{ ref('stg_raw__lead_merges') }}

),

final as (

    select
        merged_lead_id as lead_id,
        surviving_lead_id as target_id,
        cast(merged_at as date) as in_force_on

    from accepted_merges

)

select * from final
