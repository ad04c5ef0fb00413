{#- The vars that differ from run to run (the score dates, a backtest's range). A user gives
    them as dbt vars (`dbt build --vars '{score_date: 2026-06-30}'`); the project's own runners
    pass them in the environment variable LEADSCORE_RUN_VARS, a JSON object, which is read
    only when the run executes (orchestration/dbt/args.py): a change of --vars makes dbt parse
    the whole project again (about 6 s a run), and nothing that parsing produces depends on
    them. A dbt var wins over the environment; blank means not given. -#}
{% macro run_var(name, default=none) -%}
    {%- set given = var(name, none) -%}
    {%- if given is not none and given != '' and given != [] -%}
        {{ return(given) }}
    {%- endif -%}
    {%- if execute -%}
        {%- set passed = fromjson(env_var('LEADSCORE_RUN_VARS', '{}')) -%}
        {%- if passed[name] is defined and passed[name] is not none -%}
            {{ return(passed[name]) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(default) }}
{%- endmacro %}
