-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Profile rules with attribute, operator and values normalised and points cast.
with

source as (

    select * from {{ ref('profile_rules') }}

),

final as (

    select
        sheet_id,
        rule_id,
        {{ normalize_text('attribute') }} as attribute,
        {{ normalize_text('operator') }} as operator,
        {{ normalize_text('value') }} as value,
        -- `in` / `not_in` lists as '|a|b|': members trimmed, so membership is a substring test
        '|'
        || {{ regex_replace_all(normalize_text('value'), ' *[|] *', '|') }}
        || '|' as value_list,
        {{ text_number('min_value') }} as min_value,
        {{ text_number('max_value') }} as max_value,
        {{ text_number('points') }} as points,
        description

    from source

)

select * from final
