{{ config(materialized='view') }}

-- The leads scored on each score date of the run: created on or before it (or with no creation
-- date), and not merged into another lead (int_lead_identities_on_date): one row per person
-- and date.
with

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

identities as (

    select * from {{ ref('int_lead_identities_on_date') }}

),

final as (

    select
        identities.score_date,
        leads.*

    from leads
    inner join identities
        on leads.lead_id = identities.lead_id
    where
        (leads.created_at is null or cast(leads.created_at as date) <= identities.score_date)
        and identities.person_id = leads.lead_id

)

select * from final
