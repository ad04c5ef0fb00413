{#- The score date D as a SQL date literal. `score_date` is a user-supplied var (YYYY-MM-DD),
    never a seed value; blank means today in UTC. -#}
{% macro score_date_string() -%}
    {%- set text = date_var_string('score_date') -%}
    {{ text if text else modules.datetime.datetime.utcnow().strftime('%Y-%m-%d') }}
{%- endmacro %}

{#- A date var as YYYY-MM-DD text, '' when blank; anything else fails with an example. -#}
{% macro date_var_string(name) -%}
    {%- set raw = var(name, '') -%}
    {%- set text = '' if raw is none else (raw | string | trim) -%}
    {%- if text and not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be a date as YYYY-MM-DD, got '" ~ text ~ "'. "
            ~ "Example: dbt build --vars '{" ~ name ~ ": 2026-06-30}'") }}
    {%- endif -%}
    {{ text }}
{%- endmacro %}

{% macro score_date() -%}
    cast('{{ score_date_string() }}' as date)
{%- endmacro %}
