-- Per score date, where a score group's cap binds, the ledger row that makes it add up: rules
-- of a group are summed (over their rounded points) and the sum is capped at the group's
-- max_points in absolute value; the adjustment is capped minus uncapped.
with

rule_points as (

    select * from {{ ref('int_behavior_points_by_rule') }}

),

score_groups as (

    select * from {{ ref('stg_seeds__score_groups') }}

),

group_sums as (

    select
        rule_points.score_date,
        rule_points.sheet_id,
        rule_points.group_id,
        rule_points.lead_id,
        score_groups.max_points,
        score_groups.description,
        sum(rule_points.points) as uncapped_points

    from rule_points
    inner join score_groups
        on
            rule_points.sheet_id = score_groups.sheet_id
            and rule_points.group_id = score_groups.group_id
    group by
        rule_points.score_date,
        rule_points.sheet_id,
        rule_points.group_id,
        rule_points.lead_id,
        score_groups.max_points,
        score_groups.description

),

adjusted as (

    select
        score_date,
        sheet_id,
        group_id,
        lead_id,
        description,
        {{ round_points(cap_abs('uncapped_points', 'max_points')) }} - uncapped_points
            as points

    from group_sums

),

final as (

    select * from adjusted
    where points <> 0

)

select * from final
