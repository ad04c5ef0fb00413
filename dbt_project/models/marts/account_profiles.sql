-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- One wide row per account on the primary sheet, which a BI tool or the CRM sync (companies)
-- shows as it is: who the account is, its score and tier, its buying group's coverage, the
-- roles it misses and whether it is an MQA (contract §10).
with

scores as (

    select * from {{ ref('int_account_scores_on_date') }}
    where score_date = {{ score_date() }}

),

primary_sheet as (

    select * from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

),

accounts as (

    select * from {{ ref('stg_raw__accounts') }}

),

final as (

    select
        scores.score_date,
        cast(scores.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.domain as {{ dbt.type_string() }}) as domain,
        cast(accounts.industry as {{ dbt.type_string() }}) as industry,
        accounts.employee_count,
        cast(scores.lead_count as bigint) as lead_count,
        cast(scores.engaged_lead_count as bigint) as engaged_lead_count,
        cast(scores.mql_lead_count as bigint) as mql_lead_count,
        scores.total_score,
        cast(scores.tier as {{ dbt.type_string() }}) as tier,
        scores.buying_group_coverage,
        cast(scores.roles_missing as {{ dbt.type_string() }}) as roles_missing,
        scores.is_mqa

    from scores
    inner join primary_sheet
        on scores.sheet_id = primary_sheet.sheet_id
    inner join accounts
        on scores.account_id = accounts.account_id

)

select * from final
where {{ is_latest_score_date() }}
