{{ config(**score_date_partitions()) }}
-- depends_on: {{ ref('lead_score_history_dates') }}

-- Per score date, sheet and lead ever scored on the sheet: the lead's score on the date, what
-- it was on the lead's previous scored date and the date it entered its tier. A lead not
-- scored on a date (taken out of raw since) carries its last scored row with is_scored false,
-- so one date's rows are the whole state the next date needs: a run reads its own date of
-- history and one earlier date of this table, never the whole history (contract §6).
-- A run for D writes D and every later date of history, which follow from D (a daily run:
-- D alone; a run for many dates: from its first); a first build walks all of history.
with

sheets as (

    select sheet_id from {{ ref('stg_seeds__score_sheets') }}

),

scored as (

    select
        score_date,
        sheet_id,
        lead_id,
        total_score,
        tier,
        grade,
        is_mql

    from {{ ref('lead_score_history') }}
    {% if is_incremental() -%}
        where score_date >= {{ first_score_date() }}
    {%- endif %}

),

dates as (

    select distinct score_date from scored

),

-- the state the run starts from: this table on its latest date before D (none on a first build)
state_before as (

    {% if is_incremental() -%}
        select
            earlier.score_date,
            earlier.sheet_id,
            earlier.lead_id,
            earlier.total_score,
            earlier.tier,
            earlier.grade,
            earlier.is_mql,
            earlier.tier_entered_on

        from {{ this }} as earlier
        where earlier.score_date = (
            select max(score_date) from {{ ref('lead_score_history_dates') }}
            where score_date < {{ first_score_date() }}
        )
    {%- else -%}
        select
            score_date,
            sheet_id,
            lead_id,
            total_score,
            tier,
            grade,
            is_mql,
            score_date as tier_entered_on
        from scored
        where false
    {%- endif %}

),

-- each lead's scored rows in date order, after the state it starts from (of the sheets there
-- are now)
scored_in_order as (

    select
        state_before.score_date,
        state_before.sheet_id,
        state_before.lead_id,
        state_before.total_score,
        state_before.tier,
        state_before.grade,
        state_before.is_mql,
        state_before.tier_entered_on,
        true as is_state
    from state_before
    inner join sheets
        on state_before.sheet_id = sheets.sheet_id

    union all

    select
        score_date,
        sheet_id,
        lead_id,
        total_score,
        tier,
        grade,
        is_mql,
        null as tier_entered_on,
        false as is_state
    from scored

),

with_previous as (

    select
        *,
        lag(total_score) over lead_dates as previous_total_score,
        lag(tier) over lead_dates as previous_tier,
        lag(grade) over lead_dates as previous_grade,
        lag(is_mql) over lead_dates as previous_is_mql,
        case
            when coalesce(lag(tier) over lead_dates = tier, false) then 0 else 1
        end as enters_tier

    from scored_in_order
    window lead_dates as (partition by sheet_id, lead_id order by score_date)

),

-- a run of dates in one tier shares a number; it was entered on its first date (or, for the
-- run the state ends in, when the state says)
tier_runs as (

    select
        *,
        sum(enters_tier) over (
            partition by sheet_id, lead_id order by score_date
            rows between unbounded preceding and current row
        ) as tier_run

    from with_previous

),

scored_rows as (

    select
        score_date,
        sheet_id,
        lead_id,
        true as is_scored,
        total_score,
        tier,
        grade,
        is_mql,
        min(coalesce(tier_entered_on, score_date)) over (
            partition by sheet_id, lead_id, tier_run
        ) as tier_entered_on,
        previous_total_score,
        previous_tier,
        previous_grade,
        previous_is_mql,
        is_state

    from tier_runs

),

-- the dates a lead is not scored on after its first row: it carries its latest row
unscored as (

    select
        dates.score_date,
        leads.sheet_id,
        leads.lead_id

    from (
        select
            sheet_id,
            lead_id,
            min(score_date) as first_date
        from scored_in_order
        group by sheet_id, lead_id
    ) as leads
    inner join dates
        on leads.first_date < dates.score_date
    left join scored
        on
            dates.score_date = scored.score_date
            and leads.sheet_id = scored.sheet_id
            and leads.lead_id = scored.lead_id
    where scored.lead_id is null

),

all_rows as (

    select
        *,
        -- rows after the same scored row share a number: the one they carry
        count(case when is_scored then 1 end) over (
            partition by sheet_id, lead_id order by score_date
            rows between unbounded preceding and current row
        ) as carried_row

    from (
        select
            score_date,
            sheet_id,
            lead_id,
            is_scored,
            total_score,
            tier,
            grade,
            is_mql,
            tier_entered_on,
            previous_total_score,
            previous_tier,
            previous_grade,
            previous_is_mql,
            is_state
        from scored_rows

        union all

        select
            score_date,
            sheet_id,
            lead_id,
            false as is_scored,
            null as total_score,
            null as tier,
            null as grade,
            null as is_mql,
            null as tier_entered_on,
            null as previous_total_score,
            null as previous_tier,
            null as previous_grade,
            null as previous_is_mql,
            false as is_state
        from unscored
    ) as rows_in_order

),

carried as (

    select
        score_date,
        sheet_id,
        lead_id,
        is_scored,
        is_state,
        max(total_score) over carried_rows as total_score,
        max(tier) over carried_rows as tier,
        max(grade) over carried_rows as grade,
        bool_or(is_mql) over carried_rows as is_mql,
        max(tier_entered_on) over carried_rows as tier_entered_on,
        previous_total_score,
        previous_tier,
        previous_grade,
        previous_is_mql

    from all_rows
    window carried_rows as (partition by sheet_id, lead_id, carried_row)

),

final as (

    select
        score_date,
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        is_scored,
        cast(total_score as decimal(18, 2)) as total_score,
        cast(tier as {{ dbt.type_string() }}) as tier,
        cast(grade as {{ dbt.type_string() }}) as grade,
        is_mql,
        tier_entered_on,
        cast(
            case when is_scored then previous_total_score end as decimal(18, 2)
        ) as previous_total_score,
        cast(
            case when is_scored then previous_tier end as {{ dbt.type_string() }}
        ) as previous_tier,
        cast(
            case when is_scored then previous_grade end as {{ dbt.type_string() }}
        ) as previous_grade,
        case when is_scored then previous_is_mql end as previous_is_mql

    from carried
    where not is_state

)

select * from final
