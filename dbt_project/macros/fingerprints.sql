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
