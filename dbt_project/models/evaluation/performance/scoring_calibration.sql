-- Built with the backtest's comparison (tag `backtest`), not by the daily runs: it reads every
-- evaluated lead-date. How the evaluated lead-dates of each sheet converted within the window,
-- by three dimensions: `score_band` (total_score in bands a fifth of the MQL threshold wide,
-- from 0 to twice the threshold, open at both ends: the calibration table), `matrix_cell`
-- (grade and engagement, A1 ... D4, from the day's profile and behaviour scores) and `tier`.
-- Each segment also with its won opportunities: lead-dates whose lead had an opportunity
-- opened within the window that was won, their share of the conversions (win rate), and the
-- amount won (summed per lead-date: an opportunity counts for every evaluated date before it).
{{ config(tags=['backtest']) }}

with

outcomes as (

    select * from {{ ref('score_outcomes') }}

),

history as (

    select * from {{ ref('lead_score_history') }}

),

sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}

),

bands as (

    select * from {{ ref('int_score_bands_ranged') }}

),

won_opportunities as (

    select
        lead_id,
        cast(created_at as date) as opened_on,
        coalesce(amount, 0) as amount

    from {{ ref('stg_raw__opportunities') }}
    where
        is_won
        and lead_id is not null
        and created_at is not null
        and cast(created_at as date) <= {{ score_date() }}

),

lead_dates as (

    select
        outcomes.score_date,
        outcomes.sheet_id,
        outcomes.lead_id,
        outcomes.total_score,
        outcomes.tier,
        outcomes.converted,
        grades.band as grade,
        engagements.band as engagement,
        -- calibration bands: -1 below 0, 10 from twice the threshold (20 points wide without one)
        case
            when outcomes.total_score < 0 then -1
            when outcomes.total_score >= 10 * coalesce(sheets.mql_threshold / 5, 20) then 10
            else floor(outcomes.total_score / coalesce(sheets.mql_threshold / 5, 20))
        end as score_band,
        coalesce(sheets.mql_threshold / 5, 20) as band_width

    from outcomes
    inner join history
        on
            outcomes.score_date = history.score_date
            and outcomes.sheet_id = history.sheet_id
            and outcomes.lead_id = history.lead_id
    inner join sheets
        on outcomes.sheet_id = sheets.sheet_id
    {{ band_join('bands', 'grades', 'grade', 'outcomes.sheet_id', 'history.profile_score') }}
    {{ band_join(
        'bands', 'engagements', 'engagement', 'outcomes.sheet_id', 'history.behavior_score') }}

),

wins as (

    select
        lead_dates.score_date,
        lead_dates.sheet_id,
        lead_dates.lead_id,
        sum(won_opportunities.amount) as won_amount

    from lead_dates
    inner join won_opportunities
        on
            lead_dates.lead_id = won_opportunities.lead_id
            and lead_dates.score_date < won_opportunities.opened_on
            and {{ converted_within_window(
                'lead_dates.score_date', 'won_opportunities.opened_on') }}
    group by lead_dates.score_date, lead_dates.sheet_id, lead_dates.lead_id

),

scored as (

    select
        lead_dates.*,
        wins.lead_id is not null as is_won,
        coalesce(wins.won_amount, 0) as won_amount

    from lead_dates
    left join wins
        on
            lead_dates.score_date = wins.score_date
            and lead_dates.sheet_id = wins.sheet_id
            and lead_dates.lead_id = wins.lead_id

),

segments as (

    select
        scored.sheet_id,
        'score_band' as dimension,
        cast(scored.score_band as integer) as segment_order,
        case
            when scored.score_band = -1 then 'below 0'
            when scored.score_band = 10
                then {{ dbt.concat([
                    "'from '", dbt.cast('scored.band_width * 10', dbt.type_string())]) }}
            else {{ dbt.concat([
                dbt.cast('scored.band_width * scored.score_band', dbt.type_string()), "' to '",
                dbt.cast('scored.band_width * (scored.score_band + 1)', dbt.type_string())]) }}
        end as segment,
        case when scored.score_band >= 0 then scored.band_width * scored.score_band end
            as score_from,
        case
            when scored.score_band = -1 then 0
            when scored.score_band < 10 then scored.band_width * (scored.score_band + 1)
        end as score_to,
        scored.converted,
        scored.is_won,
        scored.won_amount

    from scored

    union all

    select
        scored.sheet_id,
        'matrix_cell' as dimension,
        0 as segment_order,
        {{ dbt.concat(['scored.grade', 'scored.engagement']) }} as segment,
        null as score_from,
        null as score_to,
        scored.converted,
        scored.is_won,
        scored.won_amount

    from scored

    union all

    select
        scored.sheet_id,
        'tier' as dimension,
        tier_bands.band_rank as segment_order,
        scored.tier as segment,
        null as score_from,
        null as score_to,
        scored.converted,
        scored.is_won,
        scored.won_amount

    from scored
    inner join bands as tier_bands
        on
            scored.sheet_id = tier_bands.sheet_id
            and tier_bands.scale = 'tier'
            and scored.tier = tier_bands.band

),

final as (

    select
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(segment as {{ dbt.type_string() }}) as segment,
        cast(max(segment_order) as integer) as segment_order,
        cast(max(score_from) as decimal(18, 2)) as score_from,
        cast(max(score_to) as decimal(18, 2)) as score_to,
        cast(count(*) as bigint) as lead_dates,
        cast(sum(case when converted then 1 else 0 end) as bigint) as conversions,
        {{ ratio('sum(case when converted then 1 else 0 end)', 'count(*)') }}
            as conversion_rate,
        cast(sum(case when is_won then 1 else 0 end) as bigint) as won_lead_dates,
        {{ ratio(
            'sum(case when is_won then 1 else 0 end)',
            'sum(case when converted then 1 else 0 end)'
        ) }} as win_rate,
        cast(sum(won_amount) as decimal(18, 2)) as won_amount,
        {{ ratio('sum(won_amount)', 'count(*)') }} as won_amount_per_lead_date

    from segments
    group by sheet_id, dimension, segment

)

select * from final
