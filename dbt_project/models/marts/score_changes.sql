{#- A run for D rewrites the changes of D and later dates, as the timeline does. -#}
{{ config(**timeline_feed('score_date')) }}

-- The feed a reverse-ETL tool reads: every scored date on which a lead's tier, grade, MQL flag
-- or whole-point score (round(total_score, 0)) differs from its previous scored date in
-- history, or the lead is scored for the first time. Read from the timeline, which holds each
-- lead's previous scored row, so a run reads its own dates and never the whole history.
with

timeline as (

    select * from {{ ref('lead_score_timeline') }}
    where is_scored
    {% if is_incremental() -%}
        and score_date >= {{ first_score_date() }}
    {%- endif %}

),

final as (

    select
        score_date,
        sheet_id,
        lead_id,
        total_score,
        previous_total_score,
        tier,
        previous_tier,
        grade,
        previous_grade,
        is_mql,
        previous_is_mql

    from timeline
    where
        previous_total_score is null
        or round(total_score, 0) <> round(previous_total_score, 0)
        or tier is distinct from previous_tier
        or grade is distinct from previous_grade
        or is_mql is distinct from previous_is_mql

)

select * from final
