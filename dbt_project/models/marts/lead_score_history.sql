{#- Spark replaces the score date's partition; the others delete its rows and insert. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='insert_overwrite' if target.type == 'spark' else 'delete+insert',
    partition_by=['score_date'] if target.type == 'spark' else none,
    unique_key=none if target.type == 'spark' else 'score_date',
    on_schema_change='fail',
    tags=['daily'],
) }}

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
        is_mql

    from scores

)

select * from final
