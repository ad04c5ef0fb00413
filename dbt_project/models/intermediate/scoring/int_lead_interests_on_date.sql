-- Per lead, what it reads within the primary sheet's window on the score date: the most matched
-- content category (ties alphabetical) and the most advanced funnel stage; and its last
-- accepted activity up to the score date. Per person: a merged lead's activities count for
-- its survivor (int_lead_identities_on_date).
with

merged_leads as (

    select
        lead_id,
        person_id
    from {{ ref('int_lead_identities_on_date') }}
    where lead_id <> person_id and score_date = {{ score_date() }}

),

daily_matches as (

    select
        daily.matcher_id,
        coalesce(merged_leads.person_id, daily.lead_id) as lead_id,
        daily.activity_date,
        daily.occurrences,
        daily.last_activity_at

    from {{ ref('int_activities_matched_daily') }} as daily
    left join merged_leads
        on daily.lead_id = merged_leads.lead_id

),

matchers as (

    select * from {{ ref('int_activity_matchers') }}

),

primary_sheet as (

    select * from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

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

interests as (

    select
        lead_id,
        category as primary_interest,
        case buying_stage_rank
            when 1 then 'awareness'
            when 2 then 'consideration'
            when 3 then 'decision'
        end as buying_stage

    from ranked_categories
    where interest_rank = 1

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
        coalesce(interests.lead_id, last_activity.lead_id) as lead_id,
        interests.primary_interest,
        interests.buying_stage,
        last_activity.last_activity_at

    from interests
    full outer join last_activity
        on interests.lead_id = last_activity.lead_id

)

select * from final
