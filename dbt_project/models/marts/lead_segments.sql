-- Depends on the score date: built per daily partition (tag `daily`). Shows the latest score
-- date: a run for an earlier one leaves it as it was (macros/latest_score_date.sql).
{{ config(tags=['daily'], **latest_score_date_mart()) }}

-- One row per scored lead: its tier on the primary sheet, and what it reads within that
-- sheet's window: the most matched content category (ties alphabetical) and the most
-- advanced funnel stage.
with

lead_scores as (

    select * from {{ ref('int_lead_scores_on_date') }}

),

scored_leads as (

    select * from {{ ref('int_leads_scored_on_date') }}

),

primary_sheet as (

    select * from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

),

daily_matches as (

    select * from {{ ref('int_activities_matched_daily') }}

),

matchers as (

    select * from {{ ref('int_activity_matchers') }}

),

categories_in_window as (

    select
        daily_matches.lead_id,
        matchers.category,
        max(matchers.funnel_stage_rank) as funnel_stage_rank,
        sum(daily_matches.occurrences) as matches

    from daily_matches
    inner join matchers
        on
            daily_matches.matcher_id = matchers.matcher_id
            and matchers.matcher_kind = 'category'
    cross join primary_sheet
    where {{ in_score_window('daily_matches.activity_date', 'primary_sheet.window_days') }}
    group by daily_matches.lead_id, matchers.category

),

ranked_categories as (

    select
        lead_id,
        category,
        row_number() over (
            partition by lead_id order by matches desc, category asc
        ) as interest_rank,
        max(funnel_stage_rank) over (partition by lead_id) as buying_stage_rank

    from categories_in_window

),

last_activity as (

    select
        daily_matches.lead_id,
        max(daily_matches.last_activity_at) as last_activity_at

    from daily_matches
    inner join matchers
        on
            daily_matches.matcher_id = matchers.matcher_id
            and matchers.matcher_kind = 'activity'
    where daily_matches.activity_date <= {{ score_date() }}
    group by daily_matches.lead_id

),

final as (

    select
        cast(scored_leads.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(lead_scores.tier as {{ dbt.type_string() }}) as tier,
        cast(ranked_categories.category as {{ dbt.type_string() }}) as primary_interest,
        cast(case ranked_categories.buying_stage_rank
            when 1 then 'awareness'
            when 2 then 'consideration'
            when 3 then 'decision'
        end as {{ dbt.type_string() }}) as buying_stage,
        cast(scored_leads.lead_source as {{ dbt.type_string() }}) as lead_source,
        last_activity.last_activity_at

    from scored_leads
    inner join lead_scores
        on scored_leads.lead_id = lead_scores.lead_id
    inner join primary_sheet
        on lead_scores.sheet_id = primary_sheet.sheet_id
    left join ranked_categories
        on
            scored_leads.lead_id = ranked_categories.lead_id
            and ranked_categories.interest_rank = 1
    left join last_activity
        on scored_leads.lead_id = last_activity.lead_id

)

select * from final
where {{ is_latest_score_date() }}
