{#- The attributes profile rules may name (contract §5, §10): the nine built-in ones, and the
    custom ones seeds/attributes.csv declares, read from raw.lead_attributes and
    raw.account_attributes as of each score date (int_profile_attribute_values). -#}

{#- The built-in attributes as (name, level, data_type): the lead's own, and its account's
    firmographics, which also make the account's fit. -#}
{% macro built_in_profile_attributes() -%}
    {{ return([
        ('job_title', 'lead', 'text'),
        ('seniority', 'lead', 'text'),
        ('country', 'lead', 'text'),
        ('lead_source', 'lead', 'text'),
        ('email_domain', 'lead', 'text'),
        ('email_domain_type', 'lead', 'text'),
        ('industry', 'account', 'text'),
        ('employee_count', 'account', 'number'),
        ('annual_revenue', 'account', 'number')]) }}
{%- endmacro %}

{#- The operators each data type takes, and how messages name the type. -#}
{% macro profile_operators_by_type() -%}
    {{ return({
        'text': ['equals', 'not_equals', 'in', 'not_in', 'contains', 'is_missing'],
        'number': ['between', 'is_missing'],
        'boolean': ['equals', 'is_missing'],
        'list': ['equals', 'in', 'not_in', 'is_missing']}) }}
{%- endmacro %}

{% macro profile_type_names() -%}
    {{ return({'text': 'text', 'number': 'numeric', 'boolean': 'boolean', 'list': 'list'}) }}
{%- endmacro %}

{#- Every attribute rules may name, as rows (attribute, level, data_type, is_built_in): the
    built-in ones, then those declared in the `attributes` seed (names lower-cased and
    trimmed) that do not clash with one. -#}
{% macro profile_attribute_catalog() -%}
    {%- for name, level, data_type in built_in_profile_attributes() %}
        select
            '{{ name }}' as attribute,
            '{{ level }}' as level,
            '{{ data_type }}' as data_type,
            true as is_built_in
        union all
    {%- endfor %}
        select distinct
            {{ normalize_text('attribute') }} as attribute,
            {{ normalize_text('level') }} as level,
            {{ normalize_text('data_type') }} as data_type,
            false as is_built_in
        from {{ ref('attributes') }}
        where {{ normalize_text('attribute') }} not in
            {{ text_literals(built_in_profile_attributes() | map(attribute=0) | list) }}
{%- endmacro %}

{#- Whether the attribute value (or profile match) `alias` holds on `day` (a SQL date): from
    valid_from (null: always) up to, not including, valid_to (null: for good). -#}
{% macro in_force_on(alias, day) -%}
    ({{ alias }}.valid_from is null or {{ alias }}.valid_from <= {{ day }})
    and ({{ alias }}.valid_to is null or {{ day }} < {{ alias }}.valid_to)
{%- endmacro %}

{#- `items` as a SQL list of text literals, one a line (fixed names of the code, never seed
    values). -#}
{% macro text_literals(items) -%}
    (
    {%- for item in items %}
        '{{ item }}'{{ ',' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}
