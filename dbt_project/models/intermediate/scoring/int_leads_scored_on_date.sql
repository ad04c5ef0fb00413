{{ config(materialized='view') }}

-- The leads scored on the score date: created on or before it (or with no creation date).
with

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

final as (

    select *
    from leads
    where created_at is null or cast(created_at as date) <= {{ score_date() }}

)

select * from final
