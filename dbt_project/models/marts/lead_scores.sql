-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- Every scored lead on every sheet on the score date, with rank and the date it entered its
-- current tier (from history: the first date of the latest unbroken run in this tier).
with

scores as (

    select * from {{ ref('int_lead_scores_on_date') }}

),

history as (

    select * from {{ ref('lead_score_history') }}
    where score_date <= {{ score_date() }}

),

last_other_tier as (

    select
        history.sheet_id,
        history.lead_id,
        max(history.score_date) as last_scored_in_other_tier

    from history
    inner join scores
        on
            history.sheet_id = scores.sheet_id
            and history.lead_id = scores.lead_id
    where history.tier <> scores.tier
    group by history.sheet_id, history.lead_id

),

tier_entries as (

    select
        history.sheet_id,
        history.lead_id,
        min(history.score_date) as tier_entered_on

    from history
    left join last_other_tier
        on
            history.sheet_id = last_other_tier.sheet_id
            and history.lead_id = last_other_tier.lead_id
    where
        last_other_tier.last_scored_in_other_tier is null
        or history.score_date > last_other_tier.last_scored_in_other_tier
    group by history.sheet_id, history.lead_id

),

final as (

    select
        scores.score_date,
        cast(scores.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(scores.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(scores.account_id as {{ dbt.type_string() }}) as account_id,
        scores.behavior_score,
        scores.profile_score,
        scores.total_score,
        cast(scores.tier as {{ dbt.type_string() }}) as tier,
        cast(scores.grade as {{ dbt.type_string() }}) as grade,
        cast(scores.engagement as {{ dbt.type_string() }}) as engagement,
        cast(scores.score_matrix as {{ dbt.type_string() }}) as score_matrix,
        scores.is_mql,
        cast(rank() over (
            partition by scores.sheet_id
            order by scores.total_score desc
        ) as bigint) as score_rank,
        coalesce(tier_entries.tier_entered_on, scores.score_date) as tier_entered_on

    from scores
    left join tier_entries
        on
            scores.sheet_id = tier_entries.sheet_id
            and scores.lead_id = tier_entries.lead_id

)

select * from final
where {{ is_latest_score_date() }}
