{#- A run for D rewrites the events of D and later dates, as mql_events does. -#}
{{ config(**timeline_feed('qualified_on')) }}
-- depends_on: {{ ref('lead_score_history_dates') }}

-- The dates on which an account became an MQA on a sheet (contract §10): is_mqa is true and was
-- false, or the account was not scored, on the previous date of history. A run reads its own
-- dates of account_score_history, the later ones and the date before them, never the whole
-- history.
with

history as (

    select
        score_date,
        sheet_id,
        account_id,
        total_score,
        is_mqa

    from {{ ref('account_score_history') }}
    {% if is_incremental() -%}
        where score_date >= coalesce((
            select max(score_date) from {{ ref('lead_score_history_dates') }}
            where score_date < {{ first_score_date() }}
        ), {{ first_score_date() }})
    {%- endif %}

),

history_dates as (

    select
        score_date,
        lag(score_date) over (order by score_date) as previous_date

    from (select distinct score_date from history) as dates

),

with_previous as (

    select
        history.*,
        history_dates.previous_date,
        lag(history.score_date) over account_dates as account_previous_date,
        lag(history.is_mqa) over account_dates as previous_is_mqa,
        lag(history.total_score) over account_dates as previous_total_score

    from history
    inner join history_dates
        on history.score_date = history_dates.score_date
    window account_dates as (
        partition by history.sheet_id, history.account_id order by history.score_date
    )

),

events as (

    select
        sheet_id,
        account_id,
        score_date as qualified_on,
        cast(total_score as decimal(18, 2)) as total_score,
        -- the score on the previous date of history, null when the account was not scored then
        cast(
            case when account_previous_date = previous_date then previous_total_score end
            as decimal(18, 2)
        ) as previous_total_score

    from with_previous
    where
        is_mqa
        and not coalesce(account_previous_date = previous_date and previous_is_mqa, false)

),

final as (

    select * from events
    {% if is_incremental() -%}
        where qualified_on >= {{ first_score_date() }}
    {%- endif %}

)

select * from final
