{{ config(materialized='view') }}

-- The activities bot rules kept out of scoring, with the raw lead they were recorded for and
-- the rule that flagged them (rejected_records lists them by activity id alone).
-- `leadscore explain` names them for a lead. A view: nothing is stored.
with

rejected as (

    select * from {{ ref('int_activities_rejected') }}

),

final as (

    select
        cast(activity_id as {{ dbt.type_string() }}) as activity_id,
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type,
        occurred_at,
        cast(bot_rule_id as {{ dbt.type_string() }}) as bot_rule_id

    from rejected
    where bot_rule_id is not null

)

select * from final
