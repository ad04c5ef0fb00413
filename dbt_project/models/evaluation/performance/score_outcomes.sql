{{ config(**evaluated_dates_config()) }}

-- Every lead on every evaluated date: its score as history recorded it on that date (computed
-- from nothing dated later) and whether it converted within conversion_window_days after it.
-- Only dates whose window has closed by the score date D are evaluated, so every outcome is
-- known. A lead that converted on or before the date is left out: nothing is left to predict.
-- Kept per date: a run evaluates the dates eval_outcome_plan says (a daily run: one).
with

evaluated_now as (

    select score_date from {{ ref('eval_outcome_plan') }}
    where action = 'evaluate'

),

history as (

    select
        history.score_date,
        history.sheet_id,
        history.lead_id,
        history.total_score,
        history.tier,
        history.is_mql

    from {{ ref('lead_score_history') }} as history
    inner join evaluated_now
        on history.score_date = evaluated_now.score_date

),

first_opportunities as (

    select * from {{ ref('eval_first_opportunities') }}

),

final as (

    select
        history.score_date,
        cast(history.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(history.lead_id as {{ dbt.type_string() }}) as lead_id,
        history.total_score,
        cast(history.tier as {{ dbt.type_string() }}) as tier,
        history.is_mql,
        {{ converted_within_window(
            'history.score_date', 'first_opportunities.first_opportunity_on'
        ) }} as converted

    from history
    left join first_opportunities
        on history.lead_id = first_opportunities.lead_id
    where
        first_opportunities.first_opportunity_on is null
        or first_opportunities.first_opportunity_on > history.score_date

)

select * from final
