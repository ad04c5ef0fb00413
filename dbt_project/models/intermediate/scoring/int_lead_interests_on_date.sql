-- Per person, what it reads within the primary sheet's window on the score date: the most
-- matched content category (ties alphabetical) and the most advanced funnel stage; and its last
-- accepted activity up to the score date. Read from the running sums this run moved to the
-- date (int_behavior_rule_sums, the rows int_running_sum_rules keeps for the interests): the
-- matches of each category matcher, and the last activity, per person (a merged lead's
-- activities count for its survivor).
{{- raise_unless_sums_on(epoch_day(score_date())) }}
with

interest_sums as (

    select
        rule_id,
        lead_id,
        occurrences,
        last_activity_at

    from {{ ref('int_behavior_rule_sums') }}
    where sheet_id = '{{ interest_sums_sheet_id() }}' and lead_id is not null

),

matchers as (

    select * from {{ ref('int_activity_matchers') }}

),

categories_in_window as (

    select
        interest_sums.lead_id,
        matchers.category,
        max(matchers.funnel_stage_rank) as funnel_stage_rank,
        sum(interest_sums.occurrences) as matches

    from interest_sums
    inner join matchers
        on
            interest_sums.rule_id = {{ interest_category_rule_id('matchers.matcher_id') }}
            and matchers.matcher_kind = 'category'
    group by interest_sums.lead_id, matchers.category

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
        lead_id,
        last_activity_at

    from interest_sums
    where rule_id = 'last_activity'

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
