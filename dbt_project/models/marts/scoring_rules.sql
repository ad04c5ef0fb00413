-- The rules of every sheet as they score, one row per sheet and rule: what a behaviour rule
-- matches, its points, limits, decay and the group that caps it; what a profile rule tests.
-- `leadscore explain` projects a lead's score from it; `leadscore diff` compares two versions.
with

behavior_rules as (

    select * from {{ ref('stg_seeds__behavior_rules') }}

),

profile_rules as (

    select * from {{ ref('stg_seeds__profile_rules') }}

),

score_groups as (

    select * from {{ ref('stg_seeds__score_groups') }}

),

rules as (

    select
        behavior_rules.sheet_id,
        'behavior' as rule_kind,
        behavior_rules.rule_id,
        behavior_rules.activity_type,
        behavior_rules.url_pattern,
        cast(null as {{ dbt.type_string() }}) as attribute,
        cast(null as {{ dbt.type_string() }}) as operator,
        cast(null as {{ dbt.type_string() }}) as rule_value,
        cast(null as decimal(18, 4)) as min_value,
        cast(null as decimal(18, 4)) as max_value,
        behavior_rules.points,
        behavior_rules.max_per_day,
        behavior_rules.max_points,
        behavior_rules.half_life_days,
        behavior_rules.group_id,
        score_groups.max_points as group_max_points,
        behavior_rules.description

    from behavior_rules
    left join score_groups
        on
            behavior_rules.sheet_id = score_groups.sheet_id
            and behavior_rules.group_id = score_groups.group_id

    union all

    select
        sheet_id,
        'profile' as rule_kind,
        rule_id,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        cast(null as {{ dbt.type_string() }}) as url_pattern,
        attribute,
        operator,
        value as rule_value,
        min_value,
        max_value,
        points,
        cast(null as integer) as max_per_day,
        cast(null as decimal(18, 4)) as max_points,
        cast(null as decimal(18, 4)) as half_life_days,
        cast(null as {{ dbt.type_string() }}) as group_id,
        cast(null as decimal(18, 4)) as group_max_points,
        description

    from profile_rules

),

final as (

    select
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(rule_kind as {{ dbt.type_string() }}) as rule_kind,
        cast(rule_id as {{ dbt.type_string() }}) as rule_id,
        cast(activity_type as {{ dbt.type_string() }}) as activity_type,
        cast(url_pattern as {{ dbt.type_string() }}) as url_pattern,
        cast(attribute as {{ dbt.type_string() }}) as attribute,
        cast(operator as {{ dbt.type_string() }}) as operator,
        cast(rule_value as {{ dbt.type_string() }}) as rule_value,
        cast(min_value as decimal(18, 4)) as min_value,
        cast(max_value as decimal(18, 4)) as max_value,
        cast(points as decimal(18, 4)) as points,
        cast(max_per_day as integer) as max_per_day,
        cast(max_points as decimal(18, 4)) as max_points,
        cast(half_life_days as decimal(18, 4)) as half_life_days,
        cast(group_id as {{ dbt.type_string() }}) as group_id,
        cast(group_max_points as decimal(18, 4)) as group_max_points,
        cast(description as {{ dbt.type_string() }}) as description

    from rules

)

select * from final
