-- Who each accepted lead is scored as on the score date (SPEC §5, identity): its person_id is
-- the lead that survives it, itself when it is not merged. CRM merges come first: those
-- recorded on or before the score date (or undated), chains followed to the last survivor.
-- Then, when var merge_leads_by_email is true (the default), the leads scored on the score
-- date that no CRM merge took and that share a valid e-mail address (lower-cased, trimmed)
-- merge into the one created first (no created_at first, then the lowest lead_id). A lead
-- merged by the CRM into a lead merged by e-mail ends with the e-mail survivor.
{%- set merge_by_email = var('merge_leads_by_email', true) | string | lower
    in ['true', '1', 'yes'] %}
with

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

-- the merged leads: those with a merge, in force on the score date or not
merged_leads as (

    select lead_id from {{ ref('int_lead_merge_chains') }}
    where level = 0

),

{{ merge_chain_walk('merged_leads', ref('int_lead_merge_chains'), score_date()) }}

crm_survivors as (

    select
        lead_id,
        person_id

    from walk_0
    where person_id <> lead_id

),

-- the leads scored on the date, not merged by the CRM, with a valid address
email_candidates as (

    select
        leads.lead_id,
        leads.email,
        leads.created_at

    from leads
    left join crm_survivors
        on leads.lead_id = crm_survivors.lead_id
    where
        {{ 'true' if merge_by_email else 'false' }}
        and crm_survivors.lead_id is null
        and leads.email_domain is not null
        and (leads.created_at is null or cast(leads.created_at as date) <= {{ score_date() }})

),

email_survivors as (

    select
        lead_id,
        first_value(lead_id) over (
            partition by email
            order by created_at nulls first, lead_id
            rows between unbounded preceding and unbounded following
        ) as person_id

    from email_candidates

),

final as (

    select
        leads.lead_id,
        coalesce(
            email_of_survivor.person_id,
            crm_survivors.person_id,
            email_survivors.person_id,
            leads.lead_id
        ) as person_id,
        case
            when crm_survivors.lead_id is not null then 'crm_merge'
            when email_survivors.person_id <> leads.lead_id then 'same_email'
        end as merge_reason

    from leads
    left join crm_survivors
        on leads.lead_id = crm_survivors.lead_id
    left join email_survivors as email_of_survivor
        on crm_survivors.person_id = email_of_survivor.lead_id
    left join email_survivors
        on leads.lead_id = email_survivors.lead_id

)

select * from final
