-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(schema='evaluation', grants={'select': []}, contract={'enforced': false}) }}

-- Each sheet over the evaluated dates of score_outcomes, from the running totals of their
-- counts (eval_outcome_totals): how well total_score ranks the leads that converted (ROC AUC),
-- precision and recall at the MQL threshold, and the MQLs it handed over: new qualifications
-- (mql_events) after the first evaluated date up to the last, per week, and the share of them
-- that converted within the window.
with

sheets as (

    select
        sheet_id,
        is_primary
    from {{ ref('stg_seeds__score_sheets') }}

),

outcome_totals as (

    select * from {{ ref('eval_outcome_totals') }}

),

sheet_dates as (

    select
        sheet_id,
        count(*) as score_dates,
        min(score_date) as first_score_date,
        max(score_date) as last_score_date
    from {{ ref('eval_outcome_sheet_dates') }}
    group by sheet_id

),

first_opportunities as (

    select * from {{ ref('eval_first_opportunities') }}

),

score_counts as (

    select
        sheet_id,
        total_score,
        sum(conversions) as positives,
        sum(lead_dates - conversions) as negatives

    from outcome_totals
    group by sheet_id, total_score

),

-- ROC AUC = wins / (converted x unconverted), by Mann-Whitney
wins_by_sheet as (

    {{ auc_wins('score_counts', ['sheet_id']) }}

),

sums as (

    select
        sheet_id,
        sum(lead_dates) as lead_dates,
        sum(conversions) as conversions,
        sum(case when is_mql then lead_dates else 0 end) as mql_lead_dates,
        sum(case when is_mql then conversions else 0 end) as mql_lead_date_conversions

    from outcome_totals
    group by sheet_id

),

totals as (

    select
        sums.*,
        sheet_dates.score_dates,
        sheet_dates.first_score_date,
        sheet_dates.last_score_date
    from sums
    inner join sheet_dates
        on sums.sheet_id = sheet_dates.sheet_id

),

new_mqls as (

    select
        events.sheet_id,
        count(*) as mqls,
        sum(
            case
                when {{ converted_within_window(
                    'events.qualified_on', 'first_opportunities.first_opportunity_on'
                ) }} then 1
                else 0
            end
        ) as converted_mqls

    from {{ ref('mql_events') }} as events
    inner join totals
        on
            events.sheet_id = totals.sheet_id
            and events.qualified_on > totals.first_score_date
            and events.qualified_on <= totals.last_score_date
    left join first_opportunities
        on events.lead_id = first_opportunities.lead_id
    where
        first_opportunities.first_opportunity_on is null
        or first_opportunities.first_opportunity_on > events.qualified_on
    group by events.sheet_id

),

final as (

    select
        sheets.sheet_id,
        sheets.is_primary,
        cast(coalesce(totals.lead_dates, 0) as bigint) as leads,
        cast(coalesce(totals.conversions, 0) as bigint) as conversions,
        {{ ratio('totals.conversions', 'totals.lead_dates') }} as base_conversion_rate,
        {{ ratio(
            'wins_by_sheet.wins',
            'totals.conversions * (totals.lead_dates - totals.conversions)'
        ) }} as roc_auc,
        {{ ratio('totals.mql_lead_date_conversions', 'totals.mql_lead_dates') }}
            as precision_at_mql,
        {{ ratio('totals.mql_lead_date_conversions', 'totals.conversions') }}
            as recall_at_mql,
        cast(coalesce(new_mqls.mqls, 0) as bigint) as mqls,
        {{ ratio(
            'coalesce(new_mqls.mqls, 0) * 7',
            dbt.datediff('totals.first_score_date', 'totals.last_score_date', 'day')
        ) }} as mqls_per_week,
        {{ ratio('new_mqls.converted_mqls', 'new_mqls.mqls') }} as mql_conversion_rate,
        cast(coalesce(totals.score_dates, 0) as bigint) as score_dates,
        totals.first_score_date,
        totals.last_score_date

    from sheets
    left join totals
        on sheets.sheet_id = totals.sheet_id
    left join wins_by_sheet
        on sheets.sheet_id = wins_by_sheet.sheet_id
    left join new_mqls
        on sheets.sheet_id = new_mqls.sheet_id

)

select * from final
