-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- Every scored lead on every sheet on the score date, with rank and the date it entered its
-- current tier (the first date of the latest unbroken run of scored dates in this tier).
with

scores as (

    select * from {{ ref('int_lead_scores_on_date') }}
    where score_date = {{ score_date() }}

),

-- the date each lead entered its tier, kept from day to day by the timeline
timeline as (

    select
        sheet_id,
        lead_id,
        tier_entered_on
    from {{ ref('lead_score_timeline') }}
    where score_date = {{ score_date() }}

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
        timeline.tier_entered_on

    from scores
    inner join timeline
        on
            scores.sheet_id = timeline.sheet_id
            and scores.lead_id = timeline.lead_id

)

select * from final
where {{ is_latest_score_date() }}
