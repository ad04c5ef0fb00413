-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(schema='evaluation', grants={'select': []}, contract={'enforced': false}) }}
-- depends_on: {{ ref('eval_outcome_totals') }}
-- depends_on: {{ ref('eval_outcome_sheet_dates') }}

-- The log of what the evaluation holds, written once score_outcomes, eval_outcome_counts and
-- the totals are: each evaluated date with the fingerprint of its history, as of which D, with
-- which vars, and the fingerprint of the first opportunities it saw. The next run reads it as
-- the source evaluation_state.
with

plan as (

    select
        plan.score_date,
        history_dates.fingerprint as history_fingerprint
    from {{ ref('eval_outcome_plan') }} as plan
    inner join {{ ref('lead_score_history_dates') }} as history_dates
        on plan.score_date = history_dates.score_date
    where plan.action <> 'drop'

),

first_opportunities as (

    select
        {{ rows_fingerprint(['lead_id', 'first_opportunity_on']) }} as opportunities_fingerprint
    from {{ ref('eval_first_opportunities') }}

),

final as (

    select
        plan.score_date,
        plan.history_fingerprint,
        {{ score_date() }} as evaluated_on,
        cast('{{ evaluation_settings() }}' as {{ dbt.type_string() }}) as settings,
        first_opportunities.opportunities_fingerprint

    from plan
    cross join first_opportunities

)

select * from final
