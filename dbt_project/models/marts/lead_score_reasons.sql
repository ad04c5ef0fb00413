-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- Why each lead scores what it does on the primary sheet, the one sales is shown: the three
-- behaviour or profile rows of its ledger with the largest non-zero points in absolute value
-- (ties by rule id; cap adjustments left out). The top-leads listing and the alerts read it.
with

ledger as (

    select * from {{ ref('int_lead_score_ledger') }}
    where
        score_date = {{ score_date() }}
        and rule_kind <> 'cap_adjustment'
        and points <> 0

),

primary_sheet as (

    select sheet_id from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

),

ranked as (

    select
        ledger.score_date,
        ledger.sheet_id,
        ledger.lead_id,
        ledger.rule_kind,
        ledger.rule_id,
        ledger.points,
        row_number() over (
            partition by ledger.lead_id
            order by abs(ledger.points) desc, ledger.rule_id
        ) as reason_rank

    from ledger
    inner join primary_sheet
        on ledger.sheet_id = primary_sheet.sheet_id

),

final as (

    select
        score_date,
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(reason_rank as integer) as reason_rank,
        cast(rule_kind as {{ dbt.type_string() }}) as rule_kind,
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        points

    from ranked
    where reason_rank <= 3

)

select * from final
where {{ is_latest_score_date() }}
