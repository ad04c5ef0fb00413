{#- Every raw custom-attribute row of `level` (lead or account: raw.lead_attributes,
    raw.account_attributes; optional tables, none when raw has no such table) with the
    reason it is rejected (null when it passes) and what is behind it (rejection_detail):
    - `missing_key`: a blank lead_id / account_id or attribute (a null updated_at is a
      value always in force, not a missing key);
    - `duplicate_key`: a repeated (id, attribute, updated_at); the row kept is the first by
      value (code-point order, nulls last);
    - `bad_value`: an updated_at that is not an instant, or a value that does not read as
      its declared data type (number, boolean);
    - `unknown_lead` / `unknown_account`: an id that is not an accepted lead or account.
    A row of an attribute attributes.csv does not declare for this level is accepted and
    scores nothing, as an activity no rule matches. base_raw__lead_attributes and
    base_raw__account_attributes are this macro. -#}
{% macro base_raw_attributes(level) -%}
{%- set key = level ~ '_id' %}
{%- set raw_table = source('raw', level ~ '_attributes') %}
{%- set entities = ref('stg_raw__' ~ level ~ 's') %}
with

{% if relation_exists(raw_table) %}
    source as (

        select * from {{ raw_table }}

    ),

    renamed as (

        select
            cast({{ key }} as {{ dbt.type_string() }}) as {{ key }},
            cast(attribute as {{ dbt.type_string() }}) as attribute,
            cast(value as {{ dbt.type_string() }}) as value,
            {{ raw_value(raw_table, 'updated_at', 'timestamp') }} as updated_at,
            cast(updated_at as {{ dbt.type_string() }}) as updated_at_text,
            {{ raw_bad_value(raw_table, [('updated_at', 'timestamp')]) }} as bad_value

        from source

    ),
{% else %}
    renamed as (

        select
            cast(null as {{ dbt.type_string() }}) as {{ key }},
            cast(null as {{ dbt.type_string() }}) as attribute,
            cast(null as {{ dbt.type_string() }}) as value,
            cast(null as {{ dbt.type_timestamp() }}) as updated_at,
            cast(null as {{ dbt.type_string() }}) as updated_at_text,
            cast(null as {{ dbt.type_string() }}) as bad_value
        where 1 = 0

    ),
{% endif %}

entities as (

    select {{ key }} from {{ entities }}

),

declared as (

    select
        attribute,
        data_type

    from {{ ref('stg_seeds__attributes') }}
    where level = '{{ level }}' and not is_built_in

),

ranked as (

    select
        *,
        -- an updated_at that is not an instant keys apart from a null one
        {{ key_rank(key ~ ', attribute, updated_at, bad_value', 'value nulls last') }}
            as key_rank

    from renamed

),

final as (

    select
        ranked.{{ key }},
        ranked.attribute,
        ranked.value,
        ranked.updated_at,
        {{ dbt.concat([
            'ranked.' ~ key, "'|'", 'ranked.attribute', "'|'",
            "coalesce(ranked.updated_at_text, '')"]) }} as record_id,
        case
            when {{ is_blank('ranked.' ~ key) }} or {{ is_blank('ranked.attribute') }}
                then 'missing_key'
            when ranked.key_rank > 1 then 'duplicate_key'
            when ranked.bad_value is not null then 'bad_value'
            when entities.{{ key }} is null then 'unknown_{{ level }}'
            when {{ attribute_value_misfit('declared.data_type', 'ranked.value') }}
                then 'bad_value'
        end as rejection_reason,
        case
            when {{ is_blank('ranked.' ~ key) }} or {{ is_blank('ranked.attribute') }}
                or ranked.key_rank > 1
                then null
            when ranked.bad_value is not null then ranked.bad_value
            when entities.{{ key }} is null then ranked.{{ key }}
            when {{ attribute_value_misfit('declared.data_type', 'ranked.value') }}
                then {{ dbt.concat([
                    "'value: '", 'substring(ranked.value, 1, 200)',
                    "' is not a '", 'declared.data_type']) }}
        end as rejection_detail

    from ranked
    left join entities
        on ranked.{{ key }} = entities.{{ key }}
    left join declared
        on {{ normalize_text('ranked.attribute') }} = declared.attribute

)

select * from final
{%- endmacro %}

{#- True when a non-blank `value` does not read as `data_type` (number or boolean). -#}
{% macro attribute_value_misfit(data_type, value) -%}
    (
        not {{ is_blank(value) }}
        and (
            ({{ data_type }} = 'number' and {{ text_number(value) }} is null)
            or ({{ data_type }} = 'boolean' and {{ text_boolean(value) }} is null)
        )
    )
{%- endmacro %}
