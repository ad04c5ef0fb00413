{#- The BI role (var `bi_role`) reads the marts and nothing else, where the engine has roles.
    Models in `marts` grant it select through dbt `grants` (dbt_project.yml); these hooks
    make sure it exists and may use the schema. -#}

{% macro create_bi_role() -%}
    {{ return(adapter.dispatch('create_bi_role', 'lead_scoring')()) }}
{%- endmacro %}
{% macro default__create_bi_role() -%} {%- endmacro %}
{% macro postgres__create_bi_role() -%}
    do $$
    begin
        if not exists (select 1 from pg_roles where rolname = '{{ var("bi_role") }}') then
            create role {{ adapter.quote(var("bi_role")) }} nologin;
        end if;
    end
    $$
{%- endmacro %}

{% macro grant_bi_schema_usage() -%}
    {{ return(adapter.dispatch('grant_bi_schema_usage', 'lead_scoring')()) }}
{%- endmacro %}
{% macro default__grant_bi_schema_usage() -%} {%- endmacro %}
{#- The schema is created first: a run that builds no mart (`dbt seed` on a new database)
    ends with this hook too. -#}
{% macro postgres__grant_bi_schema_usage() -%}
    {%- set marts = generate_schema_name('marts', none) -%}
    create schema if not exists {{ marts }};
    grant usage on schema {{ marts }} to {{ adapter.quote(var("bi_role")) }}
{%- endmacro %}

{#- DuckDB and local Spark have no roles: the marts' grants are skipped there, not warned
    about on every build (dbt_project.yml puts this project first in dbt's dispatch). -#}
{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%} {%- endmacro %}
{% macro spark__apply_grants(relation, grant_config, should_revoke=True) -%} {%- endmacro %}
