{{ config(**score_date_partitions()) }}

-- One row per score date, sheet and accepted account (contract §10). Each run replaces exactly
-- its score dates' rows, as lead_score_history does.
with

scores as (

    select * from {{ ref('int_account_scores_on_date') }}

),

final as (

    select
        score_date,
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        total_score,
        cast(tier as {{ dbt.type_string() }}) as tier,
        buying_group_coverage,
        is_mqa

    from scores

)

select * from final
