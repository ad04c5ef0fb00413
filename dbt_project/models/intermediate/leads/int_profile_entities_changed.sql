-- The leads and accounts whose profile rules int_profile_rules_matched matches again on this run,
-- with the fingerprint they are matched with: the exact sum of a hash of each of the entity's
-- attribute values and the dates they hold (int_profile_attribute_values), plus that of
-- every profile rule. An entity is matched again when its fingerprint differs from the one
-- its matches were kept with (source scoring_state.int_profile_rules_matched, as the last run
-- left it): a field of the lead changed, or its account's, or a custom attribute's history,
-- or any profile rule; an entity that matched no rule has no kept fingerprint and is matched
-- again on every run. An entity gone from raw is listed without a fingerprint, so that its
-- matches are removed. A first run or a full refresh matches every entity.
with

attribute_values as (

    select * from {{ ref('int_profile_attribute_values') }}

),

profile_rules as (

    select * from {{ ref('stg_seeds__profile_rules') }}

),

rules_fingerprint as (

    select
        coalesce({{ rows_fingerprint([
            'sheet_id', 'rule_id', 'attribute', 'operator', 'value', 'value_list', 'min_value',
            'max_value', 'points', 'description']) }}, 0) as fingerprint

    from profile_rules

),

current_entities as (

    select
        attribute_values.entity_type,
        attribute_values.entity_id,
        {{ rows_fingerprint([
            'attribute_values.attribute', 'attribute_values.text_value',
            'attribute_values.numeric_value', 'attribute_values.valid_from',
            'attribute_values.valid_to']) }}
        + max(rules_fingerprint.fingerprint) as fingerprint

    from attribute_values
    cross join rules_fingerprint
    group by attribute_values.entity_type, attribute_values.entity_id

),

kept_entities as (

    select distinct
        entity_type,
        entity_id,
        fingerprint

    from (
        {{ load_state('int_profile_rules_matched', ['entity_type', 'entity_id', 'fingerprint'],
            no_profile_matches(), source_name='scoring_state') }}
    ) as kept

),

final as (

    select
        current_entities.entity_type,
        current_entities.entity_id,
        current_entities.fingerprint

    from current_entities
    left join kept_entities
        on
            current_entities.entity_type = kept_entities.entity_type
            and current_entities.entity_id = kept_entities.entity_id
            and current_entities.fingerprint = kept_entities.fingerprint
    where kept_entities.entity_id is null

    union all

    select
        kept_entities.entity_type,
        kept_entities.entity_id,
        cast(null as decimal(38, 0)) as fingerprint

    from kept_entities
    left join current_entities
        on
            kept_entities.entity_type = current_entities.entity_type
            and kept_entities.entity_id = current_entities.entity_id
    where current_entities.entity_id is null

)

select * from final
