-- Who each accepted lead is scored as on each score date of the run (contract §5, identity): its
-- person_id is the lead that survives it, itself when it is not merged. CRM merges come first:
-- those recorded on or before the score date (or undated), chains followed to the last
-- survivor. Then, when var merge_leads_by_email is true (the default), the leads scored on the
-- score date that no CRM merge took and that share a valid e-mail address merge into the one
-- created first (no created_at first, then the lowest lead_id). A lead merged by the CRM into a
-- lead merged by e-mail ends with the e-mail survivor.
{%- set merge_by_email = var('merge_leads_by_email', true) | string | lower
    in ['true', '1', 'yes'] %}
with

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

score_dates as (

    select score_date from {{ score_dates_relation() }} as run_dates

),

-- the merged leads on each date: those with a merge, in force on the date or not
merged_leads as (

    select
        chains.lead_id,
        score_dates.score_date

    from {{ ref('int_lead_merge_chains') }} as chains
    cross join score_dates
    where chains.level = 0

),

{{ merge_chain_walk(
    'merged_leads', ref('int_lead_merge_chains'), 'walk.score_date', carried=['score_date']) }}

crm_survivors as (

    select
        score_date,
        lead_id,
        person_id

    from walk_0
    where person_id <> lead_id

),

leads_on_dates as (

    select
        score_dates.score_date,
        leads.lead_id,
        leads.email,
        leads.created_at

    from leads
    cross join score_dates

),

-- the leads scored on the date, not merged by the CRM, with a valid address
email_candidates as (

    select
        leads_on_dates.score_date,
        leads_on_dates.lead_id,
        leads_on_dates.email,
        leads_on_dates.created_at

    from leads_on_dates
    left join crm_survivors
        on
            leads_on_dates.score_date = crm_survivors.score_date
            and leads_on_dates.lead_id = crm_survivors.lead_id
    where
        {{ 'true' if merge_by_email else 'false' }}
        and crm_survivors.lead_id is null
        and leads_on_dates.email is not null
        and (
            leads_on_dates.created_at is null
            or cast(leads_on_dates.created_at as date) <= leads_on_dates.score_date
        )

),

email_survivors as (

    select
        score_date,
        lead_id,
        first_value(lead_id) over (
            partition by score_date, email
            order by created_at nulls first, lead_id
            rows between unbounded preceding and unbounded following
        ) as person_id

    from email_candidates

),

final as (

    select
        leads_on_dates.score_date,
        leads_on_dates.lead_id,
        coalesce(
            email_of_survivor.person_id,
            crm_survivors.person_id,
            email_survivors.person_id,
            leads_on_dates.lead_id
        ) as person_id,
        case
            when crm_survivors.lead_id is not null then 'crm_merge'
            when email_survivors.person_id <> leads_on_dates.lead_id then 'same_email'
        end as merge_reason

    from leads_on_dates
    left join crm_survivors
        on
            leads_on_dates.score_date = crm_survivors.score_date
            and leads_on_dates.lead_id = crm_survivors.lead_id
    left join email_survivors as email_of_survivor
        on
            crm_survivors.score_date = email_of_survivor.score_date
            and crm_survivors.person_id = email_of_survivor.lead_id
    left join email_survivors
        on
            leads_on_dates.score_date = email_survivors.score_date
            and leads_on_dates.lead_id = email_survivors.lead_id

)

select * from final
