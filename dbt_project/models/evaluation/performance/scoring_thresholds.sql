-- Built with the backtest's comparison (tag `backtest`), not by the daily runs: it reads every
-- evaluated lead-date. Per sheet, candidate MQL thresholds from half to twice the sheet's own
-- in steps of a tenth of it, and what each would have done on the evaluated dates: the
-- lead-dates at or above it, the share of them that converted (precision), the share of the
-- conversions they caught (recall), and the MQLs it would have handed over (lead-dates that
-- reached it after being below it or absent on the previous evaluated date, after the first
-- date), per week.
{{ config(tags=['backtest']) }}

with

outcomes as (

    select * from {{ ref('score_outcomes') }}

),

sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}
    where mql_threshold is not null

),

steps as (

    {% for step in range(5, 21) -%}
        select {{ step }} as step{{ ' union all' if not loop.last }}
    {% endfor %}

),

candidates as (

    select
        sheets.sheet_id,
        cast(sheets.mql_threshold * steps.step / 10 as decimal(18, 2)) as threshold,
        steps.step = 10 as is_current_threshold

    from sheets
    cross join steps

),

sequenced as (

    select
        score_date,
        sheet_id,
        lead_id,
        total_score,
        converted,
        lag(total_score) over (partition by sheet_id, lead_id order by score_date)
            as previous_score,
        lag(score_date) over (partition by sheet_id, lead_id order by score_date)
            as previous_score_date

    from outcomes

),

sheet_dates as (

    select
        sheet_id,
        count(distinct score_date) as score_dates,
        min(score_date) as first_score_date,
        max(score_date) as last_score_date,
        count(*) as lead_dates,
        sum(case when converted then 1 else 0 end) as conversions

    from outcomes
    group by sheet_id

),

-- the evaluated date before each one, per sheet: a lead absent on it was below every threshold
previous_dates as (

    select
        sheet_id,
        score_date,
        lag(score_date) over (partition by sheet_id order by score_date) as previous_date

    from (
        select distinct
            sheet_id,
            score_date
        from outcomes
    ) as dates

),

counted as (

    select
        candidates.sheet_id,
        candidates.threshold,
        candidates.is_current_threshold,
        sum(case when sequenced.total_score >= candidates.threshold then 1 else 0 end)
            as lead_dates_at_or_above,
        sum(
            case
                when sequenced.total_score >= candidates.threshold and sequenced.converted
                    then 1
                else 0
            end
        ) as conversions_at_or_above,
        sum(
            case
                when
                    sequenced.total_score >= candidates.threshold
                    and previous_dates.previous_date is not null
                    and (
                        sequenced.previous_score_date is null
                        or sequenced.previous_score_date < previous_dates.previous_date
                        or sequenced.previous_score < candidates.threshold
                    )
                    then 1
                else 0
            end
        ) as mqls

    from candidates
    inner join sequenced
        on candidates.sheet_id = sequenced.sheet_id
    inner join previous_dates
        on
            sequenced.sheet_id = previous_dates.sheet_id
            and sequenced.score_date = previous_dates.score_date
    group by candidates.sheet_id, candidates.threshold, candidates.is_current_threshold

),

final as (

    select
        cast(counted.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        counted.threshold,
        counted.is_current_threshold,
        cast(counted.lead_dates_at_or_above as bigint) as lead_dates_at_or_above,
        cast(counted.conversions_at_or_above as bigint) as conversions_at_or_above,
        {{ ratio('counted.conversions_at_or_above', 'counted.lead_dates_at_or_above') }}
            as precision,
        {{ ratio('counted.conversions_at_or_above', 'sheet_dates.conversions') }} as recall,
        cast(counted.mqls as bigint) as mqls,
        {{ ratio(
            'counted.mqls * 7',
            dbt.datediff('sheet_dates.first_score_date', 'sheet_dates.last_score_date', 'day')
        ) }} as mqls_per_week,
        cast(sheet_dates.lead_dates as bigint) as lead_dates,
        cast(sheet_dates.conversions as bigint) as conversions,
        cast(sheet_dates.score_dates as bigint) as score_dates,
        sheet_dates.first_score_date,
        sheet_dates.last_score_date

    from counted
    inner join sheet_dates
        on counted.sheet_id = sheet_dates.sheet_id

)

select * from final
