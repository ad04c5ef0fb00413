-- The dates on which a lead became an MQL on a sheet: is_mql is true and was false, or the
-- lead was not scored, on its previous scored date in history.
with

history as (

    select * from {{ ref('lead_score_history') }}

),

with_previous as (

    select
        sheet_id,
        lead_id,
        score_date,
        total_score,
        is_mql,
        lag(is_mql) over (
            partition by sheet_id, lead_id order by score_date
        ) as previous_is_mql,
        lag(total_score) over (
            partition by sheet_id, lead_id order by score_date
        ) as previous_total_score

    from history

),

final as (

    select
        sheet_id,
        lead_id,
        score_date as qualified_on,
        total_score,
        previous_total_score

    from with_previous
    where is_mql and not coalesce(previous_is_mql, false)

)

select * from final
