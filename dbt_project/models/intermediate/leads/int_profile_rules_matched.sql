{{ config(
    materialized='incremental',
    incremental_strategy='append',
    partition_by=bucket_partitions(),
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_reloaded_rows(profile_matches_replaced()) }}",
) }}

-- Every (lead or account, profile rule) pair where the rule matches, with its rounded points
-- and the dates it matches on: valid_from (null: always) up to, not including, valid_to (null:
-- for good), as the custom attributes' values hold (int_profile_attribute_values); a rule on
-- built-in attributes matches always or never. Text comparisons are on normalised values;
-- apart from is_missing, nothing matches a missing attribute. Kept from run to run: a run
-- matches again only the entities whose attribute values or rules changed
-- (int_profile_entities_changed; the pre-hook first removes
-- their matches), and keeps with each match the fingerprint it was matched with.
with

changed_entities as (

    select * from {{ ref('int_profile_entities_changed') }}
    where fingerprint is not null

),

attribute_values as (

    select
        attribute_values.*,
        changed_entities.fingerprint

    from {{ ref('int_profile_attribute_values') }} as attribute_values
    inner join changed_entities
        on
            attribute_values.entity_type = changed_entities.entity_type
            and attribute_values.entity_id = changed_entities.entity_id

),

profile_rules as (

    select * from {{ ref('stg_seeds__profile_rules') }}

),

evaluated as (

    select
        attribute_values.entity_type,
        attribute_values.entity_id,
        profile_rules.sheet_id,
        profile_rules.rule_id,
        profile_rules.points,
        profile_rules.description,
        profile_rules.operator,
        attribute_values.fingerprint,
        attribute_values.valid_from,
        attribute_values.valid_to,
        case
            when profile_rules.operator = 'is_missing'
                then attribute_values.text_value is null
                    and attribute_values.numeric_value is null
            when profile_rules.operator = 'between'
                then attribute_values.numeric_value is not null
                    and (
                        profile_rules.min_value is null
                        or attribute_values.numeric_value >= profile_rules.min_value
                    )
                    and (
                        profile_rules.max_value is null
                        or attribute_values.numeric_value < profile_rules.max_value
                    )
            when attribute_values.text_value is null then false
            when profile_rules.operator = 'equals'
                then attribute_values.text_value = profile_rules.value
            when profile_rules.operator = 'not_equals'
                then attribute_values.text_value <> coalesce(profile_rules.value, '')
            when profile_rules.operator = 'contains'
                then {{ dbt.position('profile_rules.value', 'attribute_values.text_value') }} > 0
            when profile_rules.operator in ('in', 'not_in')
                then (
                    {{ dbt.position(
                        dbt.concat(["'|'", 'attribute_values.text_value', "'|'"]),
                        'profile_rules.value_list') }} > 0
                ) = (profile_rules.operator = 'in')
            else false
        end as row_matches

    from attribute_values
    inner join profile_rules
        on attribute_values.attribute = profile_rules.attribute

),

-- a list attribute holds several rows at once: a rule matches when any element does, and
-- is_missing when every one is missing
matched as (

    select
        entity_type,
        entity_id,
        sheet_id,
        rule_id,
        points,
        description,
        fingerprint,
        valid_from,
        valid_to

    from evaluated
    group by
        entity_type, entity_id, sheet_id, rule_id, operator, points, description, fingerprint,
        valid_from, valid_to
    having
        case
            when operator = 'is_missing' then min(case when row_matches then 1 else 0 end)
            else max(case when row_matches then 1 else 0 end)
        end = 1

),

final as (

    select
        entity_type,
        entity_id,
        sheet_id,
        rule_id,
        {{ round_points('points') }} as points,
        description,
        fingerprint,
        valid_from,
        valid_to

    from matched

)

select *{{ partition_bucket('entity_id') }} from final
