-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Profile rules with attribute, operator and values normalised and points cast; the value of
-- a rule on a boolean attribute as 'true' or 'false', as int_profile_attribute_values has it.
with

source as (

    select * from {{ ref('profile_rules') }}

),

boolean_attributes as (

    select attribute from {{ ref('stg_seeds__attributes') }}
    where data_type = 'boolean'

),

final as (

    select
        source.sheet_id,
        source.rule_id,
        {{ normalize_text('source.attribute') }} as attribute,
        {{ normalize_text('source.operator') }} as operator,
        case
            when boolean_attributes.attribute is null then {{ normalize_text('source.value') }}
            when {{ text_boolean('source.value') }} then 'true'
            else 'false'
        end as value,
        -- `in` / `not_in` lists as '|a|b|': members trimmed, so membership is a substring test
        '|'
        || {{ regex_replace_all(normalize_text('source.value'), ' *[|] *', '|') }}
        || '|' as value_list,
        {{ text_number('source.min_value') }} as min_value,
        {{ text_number('source.max_value') }} as max_value,
        {{ text_number('source.points') }} as points,
        source.description

    from source
    left join boolean_attributes
        on {{ normalize_text('source.attribute') }} = boolean_attributes.attribute

)

select * from final
