-- Per sheet, lead and behaviour rule on the score date: counted matches in the sheet's
-- window, each decayed by half-life from its activity date, summed, capped at the rule's
-- max_points in absolute value and rounded to 2 decimals. The decayed sum comes from the
-- running sums (int_behavior_rule_sums), moved to the score date by this run.
{%- set score_day = epoch_day(score_date()) %}
{{- raise_unless_sums_on(score_day) }}
with

rule_sums as (

    select * from {{ ref('int_behavior_rule_sums') }}

),

behavior_rules as (

    select * from {{ ref('stg_seeds__behavior_rules') }}

),

scored_leads as (

    select lead_id from {{ ref('int_leads_scored_on_date') }}

),

summed_with as (

    select * from rule_sums
    where lead_id is null

),

lead_sums as (

    select * from rule_sums
    where lead_id is not null

),

final as (

    select
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        lead_sums.lead_id,
        behavior_rules.group_id,
        lead_sums.occurrences,
        lead_sums.first_activity_at,
        lead_sums.last_activity_at,
        {{ round_points(cap_abs(
            decayed_points('behavior_rules.points', 'lead_sums.decay_sum', score_day,
                'summed_with.anchor_day', 'summed_with.half_life_days'),
            'behavior_rules.max_points')) }} as points,
        behavior_rules.description

    from lead_sums
    inner join summed_with
        on
            lead_sums.sheet_id = summed_with.sheet_id
            and lead_sums.rule_id = summed_with.rule_id
    inner join behavior_rules
        on
            lead_sums.sheet_id = behavior_rules.sheet_id
            and lead_sums.rule_id = behavior_rules.rule_id
    inner join scored_leads
        on lead_sums.lead_id = scored_leads.lead_id
    where summed_with.sums_day = {{ score_day }}

)

select * from final
