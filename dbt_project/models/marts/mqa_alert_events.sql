{#- A view: the alert queue reads the few dates it covers, so nothing here grows with history. -#}
{{ config(materialized='view') }}

-- What an MQA alert tells sales: every MQA event of the primary sheet (mqa_events) with the
-- account's name and domain, and its tier and buying-group coverage on the day it qualified.
with

events as (

    select * from {{ ref('mqa_events') }}

),

primary_sheet as (

    select sheet_id from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

),

history as (

    select * from {{ ref('account_score_history') }}

),

accounts as (

    select * from {{ ref('stg_raw__accounts') }}

),

final as (

    select
        cast(events.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(events.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.domain as {{ dbt.type_string() }}) as domain,
        events.qualified_on,
        events.total_score,
        events.previous_total_score,
        cast(history.tier as {{ dbt.type_string() }}) as tier,
        history.buying_group_coverage

    from events
    inner join primary_sheet
        on events.sheet_id = primary_sheet.sheet_id
    inner join history
        on
            events.sheet_id = history.sheet_id
            and events.account_id = history.account_id
            and events.qualified_on = history.score_date
    left join accounts
        on events.account_id = accounts.account_id

)

select * from final
