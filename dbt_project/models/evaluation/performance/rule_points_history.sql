{#- Partitioned by score date like lead_score_history. Written only when var
    record_rule_points is true (`leadscore backtest`): every other run inserts no rows, which
    leaves every date as it was. -#}
{{ config(**score_date_partitions()) }}

-- The ledger's behaviour and profile rows kept per score date, with the rule's points per
-- match: the training data of `leadscore suggest`. points / rule_points is what the rule
-- counted (decayed and capped matches; 1 for a profile rule), whatever the sheet said then.
with

ledger as (

    select * from {{ ref('int_lead_score_ledger') }}
    where
        rule_kind in ('behavior', 'profile')
        and {{ 'true' if run_var('record_rule_points', false) else 'false' }}

),

rules as (

    select
        sheet_id,
        'behavior' as rule_kind,
        rule_id,
        points
    from {{ ref('stg_seeds__behavior_rules') }}

    union all

    select
        sheet_id,
        'profile' as rule_kind,
        rule_id,
        points
    from {{ ref('stg_seeds__profile_rules') }}

),

final as (

    select
        ledger.score_date,
        cast(ledger.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(ledger.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(ledger.rule_kind as {{ dbt.type_string() }}) as rule_kind,
        cast(ledger.rule_id as {{ dbt.type_string() }}) as rule_id,
        ledger.points,
        cast(rules.points as decimal(18, 4)) as rule_points

    from ledger
    inner join rules
        on
            ledger.sheet_id = rules.sheet_id
            and ledger.rule_kind = rules.rule_kind
            and ledger.rule_id = rules.rule_id

)

select * from final
