{#- Problems with the values of the scoring sheets. Every seed column loads as text
    (dbt_project.yml) and is read by macros/text_values.sql, the same way on every engine; a
    blank or malformed value reads as null, and stg_seeds__sheet_errors reports the malformed
    ones before anything uses them. -#}

{#- Rows of `relation` whose `column` is not blank but does not read as `kind` (number, whole
    number or boolean), or is zero or negative where `positive` is true; as problem rows of
    stg_seeds__sheet_errors (seed_file, sheet_id, rule_id, problem). -#}
{% macro seed_value_problems(
    relation, seed_file, column, kind, positive=false, sheet_column='sheet_id',
    rule_column='rule_id', blank='none') -%}
    {%- set read = {
        'number': text_number, 'whole number': text_whole_number, 'boolean': text_boolean,
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
