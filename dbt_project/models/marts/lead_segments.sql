-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- One row per scored lead: its tier on the primary sheet, what it reads within that sheet's
-- window (most matched content category, most advanced funnel stage) and its last activity.
with

lead_scores as (

    select * from {{ ref('int_lead_scores_on_date') }}
    where score_date = {{ score_date() }}

),

scored_leads as (

    select * from {{ ref('int_leads_scored_on_date') }}
    where score_date = {{ score_date() }}

),

primary_sheet as (

    select sheet_id from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

),

interests as (

    select * from {{ ref('int_lead_interests_on_date') }}

),

final as (

    select
        cast(scored_leads.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(lead_scores.tier as {{ dbt.type_string() }}) as tier,
        cast(interests.primary_interest as {{ dbt.type_string() }}) as primary_interest,
        cast(interests.buying_stage as {{ dbt.type_string() }}) as buying_stage,
        cast(scored_leads.lead_source as {{ dbt.type_string() }}) as lead_source,
        interests.last_activity_at

    from scored_leads
    inner join lead_scores
        on scored_leads.lead_id = lead_scores.lead_id
    inner join primary_sheet
        on lead_scores.sheet_id = primary_sheet.sheet_id
    left join interests
        on scored_leads.lead_id = interests.lead_id

)

select * from final
where {{ is_latest_score_date() }}
