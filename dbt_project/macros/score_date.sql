{#- The score date D as a SQL date literal. `score_date` is a user-supplied var (YYYY-MM-DD),
    never a seed value; blank means today in UTC. -#}
{% macro score_date_string() -%}
    {%- set raw = var('score_date', '') -%}
    {%- set text = '' if raw is none else (raw | string | trim) -%}
    {%- if text == '' -%}
        {%- set text = modules.datetime.datetime.utcnow().strftime('%Y-%m-%d') -%}
    {%- endif -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {{ exceptions.raise_compiler_error(
            "var score_date must be a date as YYYY-MM-DD, got '" ~ text ~ "'. "
            ~ "Example: dbt build --vars '{score_date: 2026-06-30}'") }}
    {%- endif -%}
    {{ text }}
{%- endmacro %}

{% macro score_date() -%}
    cast('{{ score_date_string() }}' as date)
{%- endmacro %}
