-- Built by `leadscore backtest` (tag `backtest`), as scoring_backtest is: the last backtest's
-- accounts, one row per sheet over the evaluated dates (contract §10): account-level conversion,
-- how well the account's total_score ranks the accounts that converted (ROC AUC), and how MQAs
-- converted against the other accounts.
{{ config(tags=['backtest']) }}

with

outcomes as (

    select * from {{ ref('eval_account_outcomes') }}

),

sheets as (

    select
        sheet_id,
        is_primary,
        mqa_threshold
    from {{ ref('stg_seeds__score_sheets') }}

),

score_counts as (

    select
        sheet_id,
        total_score,
        sum(case when converted then 1 else 0 end) as positives,
        sum(case when converted then 0 else 1 end) as negatives

    from outcomes
    group by sheet_id, total_score

),

-- ROC AUC = wins / (converted x unconverted), by Mann-Whitney
wins_by_sheet as (

    {{ auc_wins('score_counts', ['sheet_id']) }}

),

sums as (

    select
        sheet_id,
        count(distinct score_date) as score_dates,
        count(*) as account_dates,
        sum(case when converted then 1 else 0 end) as conversions,
        sum(case when is_mqa then 1 else 0 end) as mqa_account_dates,
        sum(case when is_mqa and converted then 1 else 0 end) as mqa_conversions

    from outcomes
    group by sheet_id

),

final as (

    select
        cast(sums.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(
            case when sheets.is_primary then 'champion' else 'challenger' end
            as {{ dbt.type_string() }}
        ) as role,
        cast(sums.score_dates as bigint) as score_dates,
        cast(sums.account_dates as bigint) as account_dates,
        cast(sums.conversions as bigint) as conversions,
        {{ ratio('sums.conversions', 'sums.account_dates') }} as base_conversion_rate,
        {{ ratio(
            'wins_by_sheet.wins',
            'sums.conversions * (sums.account_dates - sums.conversions)') }} as roc_auc,
        sheets.mqa_threshold,
        cast(sums.mqa_account_dates as bigint) as mqa_account_dates,
        {{ ratio('sums.mqa_conversions', 'sums.mqa_account_dates') }} as mqa_conversion_rate,
        {{ ratio(
            'sums.conversions - sums.mqa_conversions',
            'sums.account_dates - sums.mqa_account_dates') }} as other_conversion_rate,
        {{ score_date() }} as evaluated_on

    from sums
    inner join sheets
        on sums.sheet_id = sheets.sheet_id
    left join wins_by_sheet
        on sums.sheet_id = wins_by_sheet.sheet_id

)

select * from final
