{#- Optional parts of raw (contract §3): a missing optional column reads as all null, a missing
    optional table as empty. Both are looked up when the model runs. -#}

{#- True when `relation` exists in the warehouse (a unit test's given rows always do). -#}
{% macro relation_exists(relation) -%}
    {%- if relation.schema is none -%}{{ return(true) }}{%- endif -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {{ return(adapter.get_relation(
        database=relation.database, schema=relation.schema,
        identifier=relation.identifier) is not none) }}
{%- endmacro %}

{#- Column `column` of `relation` as text, or null text when the table has no such column. -#}
{% macro optional_text_column(relation, column) -%}
    {%- set present = execute and relation_exists(relation) and (
        relation.schema is none
        or column | lower in (adapter.get_columns_in_relation(relation)
            | map(attribute='name') | map('lower') | list)) -%}
    {%- if present -%}
        cast({{ column }} as {{ dbt.type_string() }})
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
