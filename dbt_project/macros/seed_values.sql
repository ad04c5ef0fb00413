{#- Numbers and booleans of the scoring sheets. Every seed column loads as text
    (dbt_project.yml); these macros read them the same way on every engine, with the same
    regular expressions rather than each engine's own casts. A blank or malformed value reads
    as null: stg_seeds__sheet_errors reports the malformed ones before anything uses them. -#}

{#- A plain decimal number: 12, -30, 0.5, .5, 7.0 (no exponent, at most 14 digits before
    the point). -#}
{% macro seed_number_pattern() -%} [+-]?([0-9]{1,14}([.][0-9]*)?|[.][0-9]+) {%- endmacro %}

{#- A whole number in any plain notation: 7, +7, 7.0, 7.00 (as spreadsheets export it). -#}
{% macro seed_whole_number_pattern() -%} [+-]?[0-9]{1,9}([.]0*)? {%- endmacro %}

{% macro seed_number(expression) -%}
    case
        when {{ regex_matches('trim(' ~ expression ~ ')', seed_number_pattern()) }}
            then cast(trim({{ expression }}) as decimal(18, 4))
    end
{%- endmacro %}

{% macro seed_whole_number(expression) -%}
    case
        when {{ regex_matches('trim(' ~ expression ~ ')', seed_whole_number_pattern()) }}
            then cast(cast(trim({{ expression }}) as decimal(18, 4)) as integer)
    end
{%- endmacro %}

{#- true or false in any case; blank is null. -#}
{% macro seed_boolean(expression) -%}
    case lower(trim({{ expression }}))
        when 'true' then true
        when 'false' then false
    end
{%- endmacro %}

{#- Rows of `relation` whose `column` is not blank but does not read as `kind` (number, whole
    number or boolean), or is zero or negative where `positive` is true; as problem rows of
    stg_seeds__sheet_errors (seed_file, sheet_id, rule_id, problem). -#}
{% macro seed_value_problems(
    relation, seed_file, column, kind, positive=false, sheet_column='sheet_id',
    rule_column='rule_id', blank='none') -%}
    {%- set read = {
        'number': seed_number, 'whole number': seed_whole_number, 'boolean': seed_boolean,
    }[kind] -%}
    {%- set expected = {
        'number': 'a number', 'whole number': 'a whole number', 'boolean': 'true or false',
    }[kind] -%}
    {%- set sheet = sheet_column or 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
    {%- set rule = rule_column or 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
    select
        '{{ seed_file }}' as seed_file,
        {{ sheet }} as sheet_id,
        {{ rule }} as rule_id,
        '{{ column }} ''' || {{ column }} || ''' is not {{ expected }}' as problem
    from {{ relation }}
    where not {{ is_blank(column) }} and {{ read(column) }} is null
    {%- if positive %}

    union all

    select
        '{{ seed_file }}' as seed_file,
        {{ sheet }} as sheet_id,
        {{ rule }} as rule_id,
        '{{ column }} ''' || {{ column }} || ''' is zero or negative: use more than 0, or '
        || 'leave it blank for {{ blank }}' as problem
    from {{ relation }}
    where {{ read(column) }} <= 0
    {%- endif %}
{%- endmacro %}
