-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- The ledger that explains every score: one row per sheet, lead and rule that earned points
-- on the score date.
with

ledger as (

    select * from {{ ref('int_lead_score_ledger') }}
    where score_date = {{ score_date() }}

),

final as (

    select
        score_date,
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(rule_kind as {{ dbt.type_string() }}) as rule_kind,
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        occurrences,
        points,
        first_activity_at,
        last_activity_at,
        cast(description as {{ dbt.type_string() }}) as description

    from ledger

)

select * from final
where {{ is_latest_score_date() }}
