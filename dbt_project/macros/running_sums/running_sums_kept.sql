{#- int_behavior_sums_changed, what it starts from: the sums the last run kept (source
    scoring_state.int_behavior_rule_sums), its rule rows (previous_rules) and its lead rows
    (previous_leads); the leads of persons with merged leads on the score date, each with its
    person (regrouped_now; the survivor is its own person), and those with the leads that were
    regrouped when the sums were last moved (regrouped). CTEs of the model's WITH. -#}
{% macro running_sums_kept() -%}
previous_sums as (

    {{ load_state('int_behavior_rule_sums', rule_sums_columns(), no_rule_sums(),
        source_name='scoring_state') }}

),

previous_rules as (

    select * from previous_sums
    where lead_id is null

),

previous_leads as (

    select * from previous_sums
    where lead_id is not null and sheet_id is not null

),

-- the leads of persons with merged leads, each with its person (the survivor: itself)
regrouped_now as (

    select
        identities.lead_id,
        identities.person_id

    from {{ ref('int_lead_identities_on_date') }} as identities
    where
        identities.score_date = {{ score_date() }}
        and identities.person_id in (
            select merged.person_id from {{ ref('int_lead_identities_on_date') }} as merged
            where merged.lead_id <> merged.person_id and merged.score_date = {{ score_date() }}
        )

),

-- those, and the leads that were regrouped when the sums were last moved
regrouped as (

    select lead_id from regrouped_now

    union

    select lead_id from previous_sums
    where sheet_id is null and lead_id is not null

)
{%- endmacro %}
