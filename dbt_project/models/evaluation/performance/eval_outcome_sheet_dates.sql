-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(
    schema='evaluation', grants={'select': []}, contract={'enforced': false},
    **evaluated_dates_config()
) }}

-- The evaluated dates each sheet has outcomes on, kept per date like eval_outcome_counts: the
-- sheet figures' first, last and number of dates, without reading the counts of every date.
with

evaluated_now as (

    select score_date from {{ ref('eval_outcome_plan') }}
    where action = 'evaluate'

),

counts as (

    select
        counts.score_date,
        counts.sheet_id
    from {{ ref('eval_outcome_counts') }} as counts
    inner join evaluated_now
        on counts.score_date = evaluated_now.score_date

),

final as (

    select distinct
        score_date,
        sheet_id
    from counts

)

select * from final
