-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(
    schema='evaluation', grants={'select': []}, contract={'enforced': false}, tags=['backtest']
) }}

-- Every account on every evaluated date of account_score_history (a date whose conversion
-- window has closed by D, within the backtest's vars evaluate_from / evaluate_to /
-- evaluate_every_days): its score, tier, coverage and MQA flag as history recorded them, and
-- whether it converted (contract §10): an opportunity of the account, or of one of its leads,
-- created within conversion_window_days after the date. An account that had converted by
-- the date is left out. Built by `leadscore backtest`, from the history it wrote.
with

history as (

    select * from {{ ref('account_score_history') }}
    where {{ is_evaluated_date('score_date') }}

),

leads as (

    select
        lead_id,
        account_id
    from {{ ref('int_leads_enriched') }}

),

-- opportunities opened by D, each credited to its account and to the account of its lead
opportunity_accounts as (

    select
        opportunities.account_id,
        cast(opportunities.created_at as date) as opened_on
    from {{ ref('stg_raw__opportunities') }} as opportunities
    where
        opportunities.account_id is not null
        and opportunities.created_at is not null
        and cast(opportunities.created_at as date) <= {{ score_date() }}

    union all

    select
        leads.account_id,
        cast(opportunities.created_at as date) as opened_on
    from {{ ref('stg_raw__opportunities') }} as opportunities
    inner join leads
        on opportunities.lead_id = leads.lead_id
    where
        leads.account_id is not null
        and opportunities.created_at is not null
        and cast(opportunities.created_at as date) <= {{ score_date() }}

),

first_opportunities as (

    select
        account_id,
        min(opened_on) as first_opportunity_on
    from opportunity_accounts
    group by account_id

),

final as (

    select
        history.score_date,
        history.sheet_id,
        history.account_id,
        history.total_score,
        history.tier,
        history.buying_group_coverage,
        history.is_mqa,
        {{ converted_within_window(
            'history.score_date', 'first_opportunities.first_opportunity_on'
        ) }} as converted

    from history
    left join first_opportunities
        on history.account_id = first_opportunities.account_id
    where
        first_opportunities.first_opportunity_on is null
        or first_opportunities.first_opportunity_on > history.score_date

)

select * from final
