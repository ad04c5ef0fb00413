-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(schema='evaluation', grants={'select': []}, contract={'enforced': false}) }}

-- eval_outcome_counts summed over every evaluated date, per sheet, tier, score and MQL flag,
-- as of this run: what the sheet figures read, so that a daily run does not sum a year of
-- counts. Carried from the last run's totals (eval_outcome_totals) when this run only adds
-- dates after those they hold and they hold what the evaluation log says; otherwise summed
-- afresh from the counts (a full refresh, a date evaluated again or dropped, a run stopped
-- between the totals and the log). Counts are whole numbers: carried equals afresh.
{%- set carried = outcome_totals_carried() %}
with

plan as (

    select
        score_date,
        action
    from {{ ref('eval_outcome_plan') }}

),

counts as (

    select * from {{ ref('eval_outcome_counts') }}

),

-- the counts of every evaluated date; carried, those of the dates this run evaluates added to
-- the last run's totals
summed as (

    select
        counts.sheet_id,
        counts.tier,
        counts.total_score,
        counts.is_mql,
        counts.lead_dates,
        counts.conversions
    from counts
    {%- if carried %}
    inner join plan
        on counts.score_date = plan.score_date
    where plan.action = 'evaluate'

    union all

    select
        sheet_id,
        tier,
        total_score,
        is_mql,
        lead_dates,
        conversions
    from {{ source('evaluation_state', 'eval_outcome_totals') }}
    {%- endif %}

),

-- what the log will say the evaluation holds once this run is done
evaluated as (

    select
        max(score_date) as through_date,
        count(*) as evaluated_dates
    from plan
    where action <> 'drop'

),

totals as (

    select
        sheet_id,
        tier,
        total_score,
        is_mql,
        sum(lead_dates) as lead_dates,
        sum(conversions) as conversions

    from summed
    group by sheet_id, tier, total_score, is_mql

),

final as (

    select
        totals.sheet_id,
        totals.tier,
        totals.total_score,
        totals.is_mql,
        cast(totals.lead_dates as bigint) as lead_dates,
        cast(totals.conversions as bigint) as conversions,
        evaluated.through_date,
        cast(evaluated.evaluated_dates as bigint) as evaluated_dates

    from totals
    cross join evaluated

)

select * from final
