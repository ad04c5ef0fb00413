-- Depends on the score date: built per daily partition (tag `daily`).
{{ config(tags=['daily']) }}

-- The three ledger rows that move each lead's score the most (by absolute points) on the
-- primary sheet, the one sales is shown: for the top-leads listing and the MQL alerts.
with

ledger as (

    select * from {{ ref('int_lead_score_ledger') }}

),

primary_sheet as (

    select sheet_id from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

),

ranked as (

    select
        ledger.sheet_id,
        ledger.lead_id,
        ledger.rule_kind,
        ledger.rule_id,
        ledger.points,
        row_number() over (
            partition by ledger.sheet_id, ledger.lead_id
            order by abs(ledger.points) desc, ledger.rule_id
        ) as reason_rank

    from ledger
    inner join primary_sheet
        on ledger.sheet_id = primary_sheet.sheet_id

),

final as (

    select * from ranked
    where reason_rank <= 3

)

select * from final
