{{ config(materialized='table' if target.type == 'spark' else 'view') }}

-- Every profile attribute of every lead and account as rows (entity, attribute, value), each
-- with the dates it holds: from valid_from (null: always) up to, not including, valid_to
-- (null: for good). A view, whose two readers each join it at once; on Spark a table, where
-- each reader planned its whole chain of views again (int_profile_entities_changed took 32 s
-- of a small world's build).
-- The built-in attributes hold always: leads carry all nine (firmographics from their
-- resolved account), accounts the three firmographic ones. The custom attributes of
-- attributes.csv (contract §10) hold as raw.lead_attributes / raw.account_attributes say: on a
-- date, the value with the latest updated_at at or before its end (null updated_at: always,
-- older than any dated row), missing before the first; an account's count for each of its
-- leads. A list holds one row per element (trimmed, lower-cased; none: one null row), so a
-- rule matches when any element does; a boolean reads as 'true' or 'false'.
{%- set built_in = built_in_profile_attributes() %}
{%- set numeric_attributes = built_in
    | selectattr(2, 'equalto', 'number') | map(attribute=0) | list %}
with

leads as (

    select * from {{ ref('int_leads_enriched') }}

),

accounts as (

    select * from {{ ref('stg_raw__accounts') }}

),

declared as (

    select
        attribute,
        level,
        data_type

    from {{ ref('stg_seeds__attributes') }}
    where not is_built_in

),

lead_values as (

    {% for attribute in built_in | map(attribute=0) %}
        select
            'lead' as entity_type,
            lead_id as entity_id,
            '{{ attribute }}' as attribute,
            {% if attribute in numeric_attributes -%}
                cast(null as {{ dbt.type_string() }}) as text_value,
                cast({{ attribute }} as decimal(24, 4)) as numeric_value,
            {%- else -%}
                {{ attribute }} as text_value,
                cast(null as decimal(24, 4)) as numeric_value,
            {%- endif %}
            cast(null as date) as valid_from,
            cast(null as date) as valid_to
        from leads
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

account_values as (

    select
        'account' as entity_type,
        account_id as entity_id,
        'industry' as attribute,
        industry as text_value,
        cast(null as decimal(24, 4)) as numeric_value,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from accounts
    {% for attribute in numeric_attributes %}
        union all
        select
            'account' as entity_type,
            account_id as entity_id,
            '{{ attribute }}' as attribute,
            cast(null as {{ dbt.type_string() }}) as text_value,
            cast({{ attribute }} as decimal(24, 4)) as numeric_value,
            cast(null as date) as valid_from,
            cast(null as date) as valid_to
        from accounts
    {% endfor %}

),

entities as (

    select
        'lead' as level,
        lead_id as entity_id
    from leads

    union all

    select
        'account' as level,
        account_id as entity_id
    from accounts

),

-- each declared attribute of each entity starts out missing, until its first dated row
custom_starts as (

    select
        entities.level,
        entities.entity_id,
        declared.attribute,
        declared.data_type,
        cast(null as {{ dbt.type_timestamp() }}) as updated_at,
        cast(null as {{ dbt.type_string() }}) as value,
        1 as is_start

    from entities
    inner join declared
        on entities.level = declared.level

),

custom_rows as (

    select * from custom_starts

    union all

    select
        declared.level,
        raw_values.entity_id,
        declared.attribute,
        declared.data_type,
        raw_values.updated_at,
        raw_values.value,
        0 as is_start

    from (
        select
            'lead' as level,
            lead_id as entity_id,
            attribute,
            value,
            updated_at
        from {{ ref('stg_raw__lead_attributes') }}

        union all

        select
            'account' as level,
            account_id as entity_id,
            attribute,
            value,
            updated_at
        from {{ ref('stg_raw__account_attributes') }}
    ) as raw_values
    inner join declared
        on
            raw_values.attribute = declared.attribute
            and raw_values.level = declared.level

),

-- the value in force at the end of each date that has one: the latest of the day
day_values as (

    select
        *,
        cast(updated_at as date) as valid_from,
        row_number() over (
            partition by level, entity_id, attribute, cast(updated_at as date)
            order by is_start asc, updated_at desc, value asc nulls last
        ) as day_rank

    from custom_rows

),

custom_intervals as (

    select
        level,
        entity_id,
        attribute,
        data_type,
        value,
        valid_from,
        lead(valid_from) over (
            partition by level, entity_id, attribute order by valid_from nulls first
        ) as valid_to

    from day_values
    where day_rank = 1

),

-- the custom values of each entity: its own, and for a lead those of its account (missing
-- for good without one)
entity_custom_values as (

    select
        level as entity_type,
        entity_id,
        attribute,
        data_type,
        value,
        valid_from,
        valid_to

    from custom_intervals

    union all

    select
        'lead' as entity_type,
        leads.lead_id as entity_id,
        declared.attribute,
        declared.data_type,
        account_intervals.value,
        account_intervals.valid_from,
        account_intervals.valid_to

    from leads
    inner join declared
        on declared.level = 'account'
    left join custom_intervals as account_intervals
        on
            account_intervals.level = 'account'
            and leads.account_id = account_intervals.entity_id
            and declared.attribute = account_intervals.attribute

),

custom_values as (

    select
        entity_type,
        entity_id,
        attribute,
        case
            when data_type = 'text' then {{ normalize_text('value') }}
            when data_type = 'boolean' and {{ text_boolean('value') }} then 'true'
            when data_type = 'boolean' and not {{ text_boolean('value') }} then 'false'
        end as text_value,
        case
            when data_type = 'number' then cast({{ text_number('value') }} as decimal(24, 4))
        end as numeric_value,
        valid_from,
        valid_to

    from entity_custom_values
    where data_type in ('text', 'number', 'boolean')

    union all

    select
        entity_type,
        entity_id,
        attribute,
        {{ normalize_text('element') }} as text_value,
        cast(null as decimal(24, 4)) as numeric_value,
        valid_from,
        valid_to

    from (
        select
            *,
            {{ split_to_rows("coalesce(value, '')", '|') }} as element
        from entity_custom_values
        where data_type = 'list'
    ) as list_elements

),

final as (

    select * from lead_values
    union all
    select * from account_values
    union all
    select * from custom_values

)

select * from final
