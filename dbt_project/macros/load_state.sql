{#- What an incremental model did on its last run, as its next run reads it. A model that
    keeps such a log writes it after the work succeeds, downstream of the models that read it,
    so those read it as a source: a ref() would be a cycle. The activity loader's logs are the
    sources `load_state` (docs/incremental.md), the evaluation's `evaluation_state`. -#}

{#- The `columns` of log `table` (of source `source_name`) as the last successful run left it.
    Missing (a first run), written by a version without one of `columns`, or a full refresh
    (unless `kept_on_full_refresh`): `empty_select`, nothing counts as done. -#}
{% macro load_state(table, columns, empty_select, source_name='load_state',
        kept_on_full_refresh=false) -%}
    {%- set log = source(source_name, table) -%}
    {%- set found = none -%}
    {%- if log.schema is none -%}
        {#- a unit test's given rows -#}
        {%- set found = log -%}
    {%- elif execute and (kept_on_full_refresh or not flags.FULL_REFRESH) -%}
        {%- set found = adapter.get_relation(
            database=log.database, schema=log.schema, identifier=log.identifier) -%}
    {%- endif -%}
    {%- if found is not none and log.schema is not none -%}
        {%- set present = adapter.get_columns_in_relation(found)
            | map(attribute='name') | map('lower') | list -%}
        {%- if columns | reject('in', present) | list -%}
            {%- set found = none -%}
        {%- endif -%}
    {%- endif -%}
    {%- if found is not none -%}
        select {{ columns | join(', ') }} from {{ log }}
    {%- else -%}
        {{ empty_select }}
    {%- endif -%}
{%- endmacro %}
