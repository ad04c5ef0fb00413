{#- What the incremental activity models loaded, as the next run reads it (docs/incremental.md).
    The logs (int_activity_dates_loaded, int_activity_matchers_loaded,
    int_activity_key_ranks_loaded) are written after the loaders succeed, downstream of the
    models that read them, so those read them as the sources `load_state`
    (models/intermediate/activities/_activities__sources.yml): a ref() would be a cycle. -#}

{#- The `columns` of log `table` as the last successful run left it. Missing (a first run),
    written by a version without one of `columns`, or a full refresh: `empty_select`, nothing
    counts as loaded. -#}
{% macro load_state(table, columns, empty_select) -%}
    {%- set log = source('load_state', table) -%}
    {%- set found = none -%}
    {%- if execute and not flags.FULL_REFRESH -%}
        {%- set found = adapter.get_relation(
            database=log.database, schema=log.schema, identifier=log.identifier) -%}
    {%- endif -%}
    {%- if found is not none -%}
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

{#- The columns of a raw activity that its fingerprint covers: all that the models read. -#}
{% macro activity_columns() -%}
    {{ return(['activity_id', 'lead_id', 'activity_type', 'occurred_at', 'url', 'campaign']) }}
{%- endmacro %}

{#- The fingerprint of a set of rows: the exact sum of a 64-bit hash of each row's `columns`,
    as decimal(38, 0). Any change to any column of any row changes it (but for a hash
    collision, about one chance in 2^64); the order of the rows does not. -#}
{% macro rows_fingerprint(columns) -%}
    cast(sum({{ row_hash(columns) }}) as decimal(38, 0))
{%- endmacro %}

{#- A 64-bit hash of a row's `columns`, nulls and positions told apart. -#}
{% macro row_hash(columns) -%}
    {{ return(adapter.dispatch('row_hash', 'lead_scoring')(columns)) }}
{%- endmacro %}

{% macro default__row_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{#- the text of a row value tells a null from an empty text, and a column from its neighbour -#}
{% macro postgres__row_hash(columns) -%}
    cast(hashtextextended(cast(row({{ columns | join(', ') }}) as text), 0) as decimal(38, 0))
{%- endmacro %}

{#- xxhash64 skips nulls: each column goes with whether it is null, so positions still count -#}
{% macro spark__row_hash(columns) -%}
    cast(xxhash64(
        {%- for column in columns %}{{ column }}, {{ column }} is null{{ ', ' if not loop.last }}{% endfor -%}
    ) as decimal(38, 0))
{%- endmacro %}
