-- What an MQL alert tells sales: every MQL event of the primary sheet (mql_events) with the
-- lead's e-mail and account, its score and tier on the day it qualified, and its matrix cell
-- as of the latest score date. The alert queue reads it; the reasons are in
-- lead_score_reasons.
with

events as (

    select * from {{ ref('mql_events') }}

),

primary_sheet as (

    select sheet_id from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

),

history as (

    select * from {{ ref('lead_score_history') }}

),

current_scores as (

    select * from {{ ref('lead_scores') }}

),

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

final as (

    select
        cast(events.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(events.lead_id as {{ dbt.type_string() }}) as lead_id,
        events.qualified_on,
        cast(leads.email as {{ dbt.type_string() }}) as email,
        cast(current_scores.account_id as {{ dbt.type_string() }}) as account_id,
        events.total_score,
        cast(history.tier as {{ dbt.type_string() }}) as tier,
        cast(current_scores.score_matrix as {{ dbt.type_string() }}) as score_matrix

    from events
    inner join primary_sheet
        on events.sheet_id = primary_sheet.sheet_id
    inner join history
        on
            events.sheet_id = history.sheet_id
            and events.lead_id = history.lead_id
            and events.qualified_on = history.score_date
    left join current_scores
        on events.sheet_id = current_scores.sheet_id and events.lead_id = current_scores.lead_id
    left join leads
        on events.lead_id = leads.lead_id

)

select * from final
