-- Depends on the score date: built per daily partition (tag `daily`).
{{ config(tags=['daily']) }}

-- The three ledger rows that move each lead's score the most (by absolute points), for the
-- top-leads listing and MQL alerts.
with

ledger as (

    select * from {{ ref('int_lead_score_ledger') }}

),

ranked as (

    select
        sheet_id,
        lead_id,
        rule_kind,
        rule_id,
        points,
        row_number() over (
            partition by sheet_id, lead_id
            order by abs(points) desc, rule_id
        ) as reason_rank

    from ledger

),

final as (

    select * from ranked
    where reason_rank <= 3

)

select * from final
