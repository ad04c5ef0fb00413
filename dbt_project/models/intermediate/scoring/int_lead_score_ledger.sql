{{ config(materialized='view') }}

-- The ledger on each score date: one row per date, sheet, scored lead and rule that earned points.
-- behavior_score and profile_score are exact sums of these rows. A view: its readers
-- (lead_score_breakdown, the score sums, the top reasons) each read it once.
with

scored_leads as (

    select
        score_date,
        lead_id
    from {{ ref('int_leads_scored_on_date') }}

),

behavior_points as (

    select * from {{ ref('int_behavior_points_by_rule') }}

),

cap_adjustments as (

    select * from {{ ref('int_behavior_cap_adjustments') }}

),

profile_points as (

    select * from {{ ref('int_profile_rules_matched') }}
    where entity_type = 'lead'

),

unioned as (

    select
        score_date,
        sheet_id,
        lead_id,
        'behavior' as rule_kind,
        rule_id,
        occurrences,
        points,
        first_activity_at,
        last_activity_at,
        description
    from behavior_points

    union all

    select
        score_date,
        sheet_id,
        lead_id,
        'cap_adjustment' as rule_kind,
        group_id as rule_id,
        0 as occurrences,
        points,
        cast(null as {{ dbt.type_timestamp() }}) as first_activity_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_activity_at,
        description
    from cap_adjustments

    union all

    select
        scored_leads.score_date,
        profile_points.sheet_id,
        profile_points.entity_id as lead_id,
        'profile' as rule_kind,
        profile_points.rule_id,
        1 as occurrences,
        profile_points.points,
        cast(null as {{ dbt.type_timestamp() }}) as first_activity_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_activity_at,
        profile_points.description
    from profile_points
    inner join scored_leads
        on
            profile_points.entity_id = scored_leads.lead_id
            and {{ in_force_on('profile_points', 'scored_leads.score_date') }}

),

final as (

    select
        score_date,
        sheet_id,
        lead_id,
        rule_kind,
        rule_id,
        cast(occurrences as bigint) as occurrences,
        cast(points as decimal(18, 2)) as points,
        first_activity_at,
        last_activity_at,
        description

    from unioned

)

select * from final
