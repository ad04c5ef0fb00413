{{ config(meta={
    'dagster': {'ref': {'name': 'lead_scores'}},
    'description': 'The ledger adds up: each score is the exact sum of its breakdown rows.',
}) }}

-- The ledger invariant: behavior_score and profile_score are exactly the sums of the lead's
-- breakdown rows (cap adjustments count as behaviour), and the weighted total follows.
with

scores as (

    select * from {{ ref('lead_scores') }}

),

breakdown_sums as (

    select
        sheet_id,
        lead_id,
        sum(case when rule_kind = 'profile' then 0 else points end) as behavior_points,
        sum(case when rule_kind = 'profile' then points else 0 end) as profile_points

    from {{ ref('lead_score_breakdown') }}
    group by sheet_id, lead_id

)

select scores.*
from scores
left join breakdown_sums
    on
        scores.sheet_id = breakdown_sums.sheet_id
        and scores.lead_id = breakdown_sums.lead_id
where
    scores.behavior_score <> coalesce(breakdown_sums.behavior_points, 0)
    or scores.profile_score <> coalesce(breakdown_sums.profile_points, 0)
