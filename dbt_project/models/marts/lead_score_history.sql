{{ config(**score_date_partitions()) }}

-- One row per score date, sheet and lead. Each run replaces exactly its score date's rows,
-- so re-running a date is idempotent and dates can be scored in any order.
with

scores as (

    select * from {{ ref('int_lead_scores_on_date') }}

),

final as (

    select
        score_date,
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        behavior_score,
        profile_score,
        total_score,
        cast(tier as {{ dbt.type_string() }}) as tier,
        cast(grade as {{ dbt.type_string() }}) as grade,
        cast(score_matrix as {{ dbt.type_string() }}) as score_matrix,
        is_mql

    from scores

)

select * from final
