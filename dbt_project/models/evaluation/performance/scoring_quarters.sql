-- Built with the backtest's comparison (tag `backtest`): the quarterly review backtests the last
-- two closed quarters (`leadscore review`, the quarterly_review asset) and compares them. Per
-- sheet, calendar quarter of the evaluated dates and tier: the tier's lead-dates and
-- conversions, beside the quarter's figures for the whole sheet: ROC AUC of total_score and
-- the share of MQL lead-dates that converted (MQL conversion).
{{ config(tags=['backtest']) }}

with

outcomes as (

    select
        cast({{ dbt.date_trunc('quarter', 'score_date') }} as date) as quarter_start,
        score_date,
        sheet_id,
        total_score,
        tier,
        is_mql,
        converted

    from {{ ref('score_outcomes') }}

),

tier_bands as (

    select * from {{ ref('int_score_bands_ranged') }}
    where scale = 'tier'

),

score_counts as (

    select
        sheet_id,
        quarter_start,
        total_score,
        sum(case when converted then 1 else 0 end) as positives,
        sum(case when converted then 0 else 1 end) as negatives

    from outcomes
    group by sheet_id, quarter_start, total_score

),

wins as (

    {{ auc_wins('score_counts', ['sheet_id', 'quarter_start']) }}

),

quarters as (

    select
        sheet_id,
        quarter_start,
        count(distinct score_date) as score_dates,
        count(*) as lead_dates,
        sum(case when converted then 1 else 0 end) as conversions,
        sum(case when is_mql then 1 else 0 end) as mql_lead_dates,
        sum(case when is_mql and converted then 1 else 0 end) as mql_conversions

    from outcomes
    group by sheet_id, quarter_start

),

tiers as (

    select
        sheet_id,
        quarter_start,
        tier,
        count(*) as lead_dates,
        sum(case when converted then 1 else 0 end) as conversions

    from outcomes
    group by sheet_id, quarter_start, tier

),

final as (

    select
        cast(tiers.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        tiers.quarter_start,
        cast(tiers.tier as {{ dbt.type_string() }}) as tier,
        tier_bands.band_rank as tier_order,
        cast(tiers.lead_dates as bigint) as leads,
        cast(tiers.conversions as bigint) as conversions,
        {{ ratio('tiers.conversions', 'tiers.lead_dates') }} as conversion_rate,
        cast(quarters.score_dates as bigint) as score_dates,
        cast(quarters.lead_dates as bigint) as sheet_leads,
        cast(quarters.conversions as bigint) as sheet_conversions,
        {{ ratio(
            'wins.wins', 'quarters.conversions * (quarters.lead_dates - quarters.conversions)'
        ) }} as roc_auc,
        cast(quarters.mql_lead_dates as bigint) as mql_lead_dates,
        {{ ratio('quarters.mql_conversions', 'quarters.mql_lead_dates') }} as mql_conversion_rate

    from tiers
    inner join quarters
        on tiers.sheet_id = quarters.sheet_id and tiers.quarter_start = quarters.quarter_start
    inner join wins
        on tiers.sheet_id = wins.sheet_id and tiers.quarter_start = wins.quarter_start
    inner join tier_bands
        on tiers.sheet_id = tier_bands.sheet_id and tiers.tier = tier_bands.band

)

select * from final
