-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(
    schema='evaluation', grants={'select': []}, contract={'enforced': false},
    **evaluated_dates_config()
) }}

-- score_outcomes counted per evaluated date, sheet and score: what the sheet figures
-- (eval_sheet_evaluation, scoring_performance) sum, so that they read one row per distinct
-- score a date rather than one per lead. Kept per date like score_outcomes.
with

evaluated_now as (

    select score_date from {{ ref('eval_outcome_plan') }}
    where action = 'evaluate'

),

outcomes as (

    select outcomes.*
    from {{ ref('score_outcomes') }} as outcomes
    inner join evaluated_now
        on outcomes.score_date = evaluated_now.score_date

),

final as (

    select
        score_date,
        sheet_id,
        tier,
        total_score,
        is_mql,
        count(*) as lead_dates,
        sum(case when converted then 1 else 0 end) as conversions

    from outcomes
    group by score_date, sheet_id, tier, total_score, is_mql

)

select * from final
