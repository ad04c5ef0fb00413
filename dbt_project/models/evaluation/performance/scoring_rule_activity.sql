{{ config(materialized='table', tags=['backtest']) }}

-- When each behaviour rule of each sheet last matched an activity (any lead, bots left out):
-- a rule that stops firing is often a tracking change that broke it silently. The quarterly
-- review warns of rules silent for LEADSCORE_RULE_SILENT_DAYS. A table (a view would be dropped
-- with the staging views it reads on PostgreSQL), built with the backtest's comparison.
with

behavior_rules as (

    select * from {{ ref('stg_seeds__behavior_rules') }}

),

matched as (

    select
        matcher_id,
        min(activity_date) as first_matched_on,
        max(activity_date) as last_matched_on,
        sum(matches) as matches

    from {{ ref('int_activities_matched_daily') }}
    where matches > 0
    group by matcher_id

),

final as (

    select
        cast(behavior_rules.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(behavior_rules.rule_id as {{ dbt.type_string() }}) as rule_id,
        matched.first_matched_on,
        matched.last_matched_on,
        cast(coalesce(matched.matches, 0) as bigint) as matches

    from behavior_rules
    left join matched
        on behavior_rules.matcher_id = matched.matcher_id

)

select * from final
