{#- Post-hook of every model: on PostgreSQL, the statistics of a table just written, so that the
    models built next from it are planned from its real size and values. Autovacuum analyses a
    new table only up to a minute later, and until then the planner guesses: a guess of a few
    rows where there are a million is how a join becomes a nested loop. Views, and the other
    engines, have nothing to analyse. -#}
{% macro analyze_table() -%}
    {%- if target.type == 'postgres'
        and config.get('materialized') in ['table', 'incremental', 'pointer_jumps'] -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
