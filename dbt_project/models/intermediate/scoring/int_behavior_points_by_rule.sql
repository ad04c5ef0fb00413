-- Per score date, sheet, lead and behaviour rule: counted matches in the sheet's window, each
-- decayed by half-life from its activity date, summed, capped at the rule's max_points in
-- absolute value and rounded to 2 decimals. A daily run reads the decayed sums from the running
-- sums (int_behavior_rule_sums), moved to the score date by this run; a run for many dates
-- (var score_dates) from the sums taken afresh for each date (int_behavior_sums_by_date). Both
-- hold the same terms, so a date scores the same either way.
{%- set carried_sums = ref('int_behavior_rule_sums') %}
{%- set sums_by_date = ref('int_behavior_sums_by_date') %}
{%- set many_dates = scores_many_dates() %}
{%- if not many_dates %}
    {{- raise_unless_sums_on(epoch_day(score_date())) }}
{%- endif %}
with

behavior_rules as (

    select * from {{ ref('stg_seeds__behavior_rules') }}

),

scored_leads as (

    select
        score_date,
        lead_id
    from {{ ref('int_leads_scored_on_date') }}

),

{% if many_dates %}
    lead_sums as (

        select
            score_date,
            {{ epoch_day('score_date') }} as score_day,
            sheet_id,
            rule_id,
            lead_id,
            occurrences,
            decay_sum,
            anchor_day,
            half_life_days,
            first_activity_at,
            last_activity_at

        from {{ sums_by_date }}

    ),
{% else %}
    -- the carried sums read twice, not through one CTE: PostgreSQL would materialise it, with
    -- no statistics, and join the 100,000s of sums as if they were a few (a nested loop)
    summed_with as (

        select * from {{ carried_sums }}
        where lead_id is null

    ),

    lead_sums as (

        select
            {{ score_date() }} as score_date,
            summed_with.sums_day as score_day,
            rule_sums.sheet_id,
            rule_sums.rule_id,
            rule_sums.lead_id,
            rule_sums.occurrences,
            rule_sums.decay_sum,
            summed_with.anchor_day,
            summed_with.half_life_days,
            rule_sums.first_activity_at,
            rule_sums.last_activity_at

        from {{ carried_sums }} as rule_sums
        inner join summed_with
            on
                rule_sums.sheet_id = summed_with.sheet_id
                and rule_sums.rule_id = summed_with.rule_id
        where
            rule_sums.lead_id is not null
            and summed_with.sums_day = {{ epoch_day(score_date()) }}

    ),
{% endif %}

final as (

    select
        lead_sums.score_date,
        behavior_rules.sheet_id,
        behavior_rules.rule_id,
        lead_sums.lead_id,
        behavior_rules.group_id,
        lead_sums.occurrences,
        lead_sums.first_activity_at,
        lead_sums.last_activity_at,
        {{ round_points(cap_abs(
            decayed_points('behavior_rules.points', 'lead_sums.decay_sum', 'lead_sums.score_day',
                'lead_sums.anchor_day', 'lead_sums.half_life_days'),
            'behavior_rules.max_points')) }} as points,
        behavior_rules.description

    from lead_sums
    inner join behavior_rules
        on
            lead_sums.sheet_id = behavior_rules.sheet_id
            and lead_sums.rule_id = behavior_rules.rule_id
    inner join scored_leads
        on
            lead_sums.score_date = scored_leads.score_date
            and lead_sums.lead_id = scored_leads.lead_id

)

select * from final
