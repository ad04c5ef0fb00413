-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(schema='evaluation', grants={'select': []}, contract={'enforced': false}) }}

-- The outcome totals of this run (eval_outcome_totals_updated), kept for the next run, which
-- reads them as the source evaluation_state before it writes them again.
select * from {{ ref('eval_outcome_totals_updated') }}
