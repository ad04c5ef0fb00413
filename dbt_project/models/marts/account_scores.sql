-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- Every accepted account on every sheet on the score date (int_account_scores_on_date): its
-- leads' engagement, its own fit, a weighted total and tier, and its buying group.
with

scores as (

    select * from {{ ref('int_account_scores_on_date') }}
    where score_date = {{ score_date() }}

),

final as (

    select
        score_date,
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(lead_count as bigint) as lead_count,
        cast(engaged_lead_count as bigint) as engaged_lead_count,
        cast(mql_lead_count as bigint) as mql_lead_count,
        engagement_score,
        fit_score,
        total_score,
        cast(tier as {{ dbt.type_string() }}) as tier,
        buying_group_coverage,
        cast(roles_missing as {{ dbt.type_string() }}) as roles_missing,
        is_mqa

    from scores

)

select * from final
where {{ is_latest_score_date() }}
