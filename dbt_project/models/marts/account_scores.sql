-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- Every accepted account on every sheet on the score date: its leads' engagement, its own
-- fit (profile rules on industry, employee_count and annual_revenue) and a weighted total.
with

accounts as (

    select account_id from {{ ref('stg_raw__accounts') }}

),

score_sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}

),

lead_scores as (

    select * from {{ ref('int_lead_scores_on_date') }}
    where score_date = {{ score_date() }}

),

account_fit_points as (

    select matches.* from {{ ref('int_profile_rules_matched') }} as matches
    where matches.entity_type = 'account' and {{ in_force_on('matches', score_date()) }}

),

bands as (

    select * from {{ ref('int_score_bands_ranged') }}

),

lead_rollup as (

    select
        sheet_id,
        account_id,
        count(*) as lead_count,
        sum(case when behavior_score > 0 then 1 else 0 end) as engaged_lead_count,
        sum(case when is_mql then 1 else 0 end) as mql_lead_count,
        sum(behavior_score) as engagement_score

    from lead_scores
    where account_id is not null
    group by sheet_id, account_id

),

fit as (

    select
        sheet_id,
        entity_id as account_id,
        sum(points) as fit_score

    from account_fit_points
    group by sheet_id, entity_id

),

scores as (

    select
        score_sheets.sheet_id,
        accounts.account_id,
        coalesce(lead_rollup.lead_count, 0) as lead_count,
        coalesce(lead_rollup.engaged_lead_count, 0) as engaged_lead_count,
        coalesce(lead_rollup.mql_lead_count, 0) as mql_lead_count,
        cast(coalesce(lead_rollup.engagement_score, 0) as decimal(18, 2)) as engagement_score,
        cast(coalesce(fit.fit_score, 0) as decimal(18, 2)) as fit_score,
        {{ round_points(
            'score_sheets.behavior_weight * coalesce(lead_rollup.engagement_score, 0)'
            ~ ' + score_sheets.profile_weight * coalesce(fit.fit_score, 0)') }} as total_score

    from accounts
    cross join score_sheets
    left join lead_rollup
        on
            score_sheets.sheet_id = lead_rollup.sheet_id
            and accounts.account_id = lead_rollup.account_id
    left join fit
        on
            score_sheets.sheet_id = fit.sheet_id
            and accounts.account_id = fit.account_id

),

final as (

    select
        {{ score_date() }} as score_date,
        cast(scores.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(scores.account_id as {{ dbt.type_string() }}) as account_id,
        cast(scores.lead_count as bigint) as lead_count,
        cast(scores.engaged_lead_count as bigint) as engaged_lead_count,
        cast(scores.mql_lead_count as bigint) as mql_lead_count,
        scores.engagement_score,
        scores.fit_score,
        scores.total_score,
        cast(tiers.band as {{ dbt.type_string() }}) as tier

    from scores
    {{ band_join('bands', 'tiers', 'tier', 'scores.sheet_id', 'scores.total_score') }}

)

select * from final
where {{ is_latest_score_date() }}
