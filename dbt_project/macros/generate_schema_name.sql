{#- Models land in the schema their folder names (`staging`, `intermediate`, `marts`, `seeds`),
    not `<target schema>_<name>`: BI tools and the contract (docs/contract.md) read
    `marts.lead_scores`. Var schema_prefix puts a whole build beside them (`leadscore diff` scores another version of the
    sheets into `<prefix>marts` and so on); raw is read where it is,
    and the state sources (tables a model reads back from the last run) take the prefix too. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ var('schema_prefix', '') }}{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
