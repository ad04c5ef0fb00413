-- How each sheet's scores did against real conversions, per tier, from history: every lead on
-- every evaluated date counts once (a lead-date). Tiers come from the sheet's bands and from
-- history (a band since removed still shows). The sheet's own figures repeat on each tier row.
with

outcome_totals as (

    select * from {{ ref('eval_outcome_totals') }}

),

sheet_evaluation as (

    select * from {{ ref('eval_sheet_evaluation') }}

),

tier_bands as (

    select
        sheet_id,
        band as tier,
        min_score
    from {{ ref('stg_seeds__score_bands') }}
    where scale = 'tier'

),

by_tier as (

    select
        sheet_id,
        tier,
        sum(lead_dates) as leads,
        sum(conversions) as conversions

    from outcome_totals
    group by sheet_id, tier

),

tiers as (

    select
        sheet_id,
        tier
    from tier_bands
    union
    select
        sheet_id,
        tier
    from by_tier

),

final as (

    select
        cast(tiers.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(tiers.tier as {{ dbt.type_string() }}) as tier,
        tier_bands.min_score as tier_min_score,
        cast(coalesce(by_tier.leads, 0) as bigint) as leads,
        cast(coalesce(by_tier.conversions, 0) as bigint) as conversions,
        {{ ratio('by_tier.conversions', 'by_tier.leads') }} as conversion_rate,
        {{ ratio('by_tier.conversions', 'by_tier.leads') }}
        / nullif(sheet_evaluation.base_conversion_rate, 0) as lift,
        sheet_evaluation.leads as sheet_leads,
        sheet_evaluation.conversions as sheet_conversions,
        sheet_evaluation.base_conversion_rate,
        sheet_evaluation.roc_auc,
        sheet_evaluation.precision_at_mql,
        sheet_evaluation.recall_at_mql,
        sheet_evaluation.mqls,
        sheet_evaluation.mqls_per_week,
        sheet_evaluation.mql_conversion_rate,
        sheet_evaluation.score_dates,
        sheet_evaluation.first_score_date,
        sheet_evaluation.last_score_date,
        {{ score_date() }} as evaluated_on,
        cast({{ conversion_window_days() }} as integer) as conversion_window_days

    from tiers
    inner join sheet_evaluation
        on tiers.sheet_id = sheet_evaluation.sheet_id
    left join tier_bands
        on tiers.sheet_id = tier_bands.sheet_id and tiers.tier = tier_bands.tier
    left join by_tier
        on tiers.sheet_id = by_tier.sheet_id and tiers.tier = by_tier.tier

)

select * from final
