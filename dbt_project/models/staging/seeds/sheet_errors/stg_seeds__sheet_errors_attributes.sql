{{ config(materialized='ephemeral') }}

-- Problems of stg_seeds__sheet_errors with attributes: declarations in attributes.csv (a
-- missing or repeated name, a name of a built-in attribute, an unknown level or data type),
-- and profile rules naming an attribute that is neither built in nor declared, or using an
-- operator its data type does not take.
{%- set operators = profile_operators_by_type() %}
{%- set type_names = profile_type_names() %}
{%- set built_in_names = built_in_profile_attributes() | map(attribute=0) | list %}
{%- set all_operators = [
    'equals', 'not_equals', 'in', 'not_in', 'contains', 'between', 'is_missing'] %}
with

declared as (

    select
        attribute,
        level,
        data_type,
        {{ normalize_text('attribute') }} as normalized_attribute,
        {{ normalize_text('level') }} as normalized_level,
        {{ normalize_text('data_type') }} as normalized_data_type

    from {{ ref('attributes') }}

),

catalog as (

    {{ profile_attribute_catalog() }}

),

profile_rules as (

    select
        sheet_id,
        rule_id,
        attribute,
        operator,
        value,
        {{ normalize_text('attribute') }} as normalized_attribute,
        {{ normalize_text('operator') }} as normalized_operator

    from {{ ref('profile_rules') }}

),

declaration_counts as (

    select
        normalized_attribute,
        count(*) as declarations
    from declared
    group by normalized_attribute

),

declaration_problems as (

    select
        'attributes.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        attribute as rule_id,
        'missing attribute name' as problem
    from declared
    where normalized_attribute is null

    union all

    select
        'attributes.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        declared.attribute as rule_id,
        'attribute declared more than once' as problem
    from declared
    inner join declaration_counts
        on declared.normalized_attribute = declaration_counts.normalized_attribute
    where declaration_counts.declarations > 1

    union all

    select
        'attributes.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        attribute as rule_id,
        'attribute ''' || attribute || ''' is a built-in attribute: give the custom one '
        || 'another name' as problem
    from declared
    where normalized_attribute in {{ text_literals(built_in_names) }}

    union all

    select
        'attributes.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        attribute as rule_id,
        'unknown level ''' || coalesce(level, '') || ''': use lead or account' as problem
    from declared
    where normalized_level is null or normalized_level not in ('lead', 'account')

    union all

    select
        'attributes.csv' as seed_file,
        cast(null as {{ dbt.type_string() }}) as sheet_id,
        attribute as rule_id,
        'unknown data_type ''' || coalesce(data_type, '')
        || ''': use text, number, boolean or list' as problem
    from declared
    where
        normalized_data_type is null
        or normalized_data_type not in {{ text_literals(operators.keys()) }}

),

rules_with_types as (

    select
        profile_rules.*,
        catalog.data_type

    from profile_rules
    left join catalog
        on profile_rules.normalized_attribute = catalog.attribute

),

rule_problems as (

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'unknown attribute ''' || coalesce(attribute, '') || ''': use one of '
        || '{{ built_in_names | join(", ") }}, or declare it in attributes.csv' as problem
    from rules_with_types
    where data_type is null

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'unknown operator ''' || coalesce(operator, '') || ''': use one of '
        || '{{ all_operators | join(", ") }}' as problem
    from rules_with_types
    where
        normalized_operator is null
        or normalized_operator not in {{ text_literals(all_operators) }}

    {%- for data_type, taken in operators.items() %}

        union all

        select
            'profile_rules.csv' as seed_file,
            sheet_id,
            rule_id,
            'unknown operator ''' || operator || ''' for {{ type_names[data_type] }} attribute '''
            || attribute || ''': {{ type_names[data_type] }} attributes take only '
            || '{{ taken | join(", ") }}' as problem
        from rules_with_types
        where
            data_type = '{{ data_type }}'
            and normalized_operator in {{ text_literals(all_operators) }}
            and normalized_operator not in {{ text_literals(taken) }}
    {%- endfor %}

    union all

    select
        'profile_rules.csv' as seed_file,
        sheet_id,
        rule_id,
        'value ''' || coalesce(value, '') || ''' of boolean attribute ''' || attribute
        || ''' is not true or false' as problem
    from rules_with_types
    where
        data_type = 'boolean'
        and normalized_operator = 'equals'
        and {{ text_boolean('value') }} is null

),

final as (

    select * from declaration_problems
    union all
    select * from rule_problems

)

select * from final
