-- Every accepted account on every sheet on each score date: its leads' engagement, its own
-- fit (profile rules on its fields and account attributes in force on the date), a weighted
-- total and tier, and its buying group (int_account_buying_groups_on_date): the coverage, the
-- roles missing and whether it is an MQA (total_score >= mqa_threshold, every role covered).
with

dates as (

    select score_date from {{ score_dates_relation() }} as run_dates

),

accounts as (

    select account_id from {{ ref('stg_raw__accounts') }}

),

score_sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}

),

lead_scores as (

    select * from {{ ref('int_lead_scores_on_date') }}

),

account_fit_points as (

    select
        dates.score_date,
        matches.sheet_id,
        matches.entity_id as account_id,
        matches.points

    from {{ ref('int_profile_rules_matched') }} as matches
    inner join dates
        on {{ in_force_on('matches', 'dates.score_date') }}
    where matches.entity_type = 'account'

),

buying_groups as (

    select * from {{ ref('int_account_buying_groups_on_date') }}

),

bands as (

    select * from {{ ref('int_score_bands_ranged') }}

),

lead_rollup as (

    select
        score_date,
        sheet_id,
        account_id,
        count(*) as lead_count,
        sum(case when behavior_score > 0 then 1 else 0 end) as engaged_lead_count,
        sum(case when is_mql then 1 else 0 end) as mql_lead_count,
        sum(behavior_score) as engagement_score

    from lead_scores
    where account_id is not null
    group by score_date, sheet_id, account_id

),

fit as (

    select
        score_date,
        sheet_id,
        account_id,
        sum(points) as fit_score

    from account_fit_points
    group by score_date, sheet_id, account_id

),

scores as (

    select
        dates.score_date,
        score_sheets.sheet_id,
        accounts.account_id,
        score_sheets.mqa_threshold,
        coalesce(lead_rollup.lead_count, 0) as lead_count,
        coalesce(lead_rollup.engaged_lead_count, 0) as engaged_lead_count,
        coalesce(lead_rollup.mql_lead_count, 0) as mql_lead_count,
        cast(coalesce(lead_rollup.engagement_score, 0) as decimal(18, 2)) as engagement_score,
        cast(coalesce(fit.fit_score, 0) as decimal(18, 2)) as fit_score,
        {{ round_points(
            'score_sheets.behavior_weight * coalesce(lead_rollup.engagement_score, 0)'
            ~ ' + score_sheets.profile_weight * coalesce(fit.fit_score, 0)') }} as total_score

    from dates
    cross join accounts
    cross join score_sheets
    left join lead_rollup
        on
            dates.score_date = lead_rollup.score_date
            and score_sheets.sheet_id = lead_rollup.sheet_id
            and accounts.account_id = lead_rollup.account_id
    left join fit
        on
            dates.score_date = fit.score_date
            and score_sheets.sheet_id = fit.sheet_id
            and accounts.account_id = fit.account_id

),

final as (

    select
        scores.score_date,
        scores.sheet_id,
        scores.account_id,
        scores.lead_count,
        scores.engaged_lead_count,
        scores.mql_lead_count,
        scores.engagement_score,
        scores.fit_score,
        scores.total_score,
        tiers.band as tier,
        buying_groups.buying_group_coverage,
        coalesce(buying_groups.roles_missing, '') as roles_missing,
        coalesce(scores.total_score >= scores.mqa_threshold, false)
        and coalesce(buying_groups.roles_covered = buying_groups.roles, true) as is_mqa

    from scores
    left join buying_groups
        on
            scores.score_date = buying_groups.score_date
            and scores.sheet_id = buying_groups.sheet_id
            and scores.account_id = buying_groups.account_id
    {{ band_join('bands', 'tiers', 'tier', 'scores.sheet_id', 'scores.total_score') }}

)

select * from final
