{#- Raw values read through typed, safe casts (contract §3, "bad values"): one value that does not
    fit its column's type never stops a run. It reads as null, and `raw_bad_value` names it,
    so that staging rejects its row as `bad_value`, with the column and the value in
    `detail`, and scores everyone else.

    How a raw column holds its values is looked up when the model runs (a loader may write
    `employee_count` as an integer, a decimal or text): a column of a numeric, boolean or
    timestamp type is read as such, with range checks where the target type is narrower;
    any other type is read as text, with the same patterns on every engine, never with an
    engine's own cast that might fail. Kinds: `integer` (a whole number of at most 9 digits,
    in any plain notation: 12, +12, 12.0), `amount` (decimal(20, 2): plain decimal notation,
    at most 18 digits before the point), `boolean` (true / false, t / f, yes / no, y / n,
    1 / 0, in any case) and `timestamp` (macros/timestamps.sql). -#}

{#- `column` of raw `relation` read as `kind`; null when blank or when it does not fit. -#}
{% macro raw_value(relation, column, kind) -%}
    {%- if kind == 'timestamp' -%}
        {{ return(utc_timestamp(relation, column)) }}
    {%- endif -%}
    {%- set form = raw_column_form(relation, column) -%}
    {%- set as_text = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- set text = trim_white_space(as_text) -%}
    {%- if kind == 'integer' and form == 'numeric' -%}
        case
            when {{ column }} = floor({{ column }})
                and {{ column }} between -2147483648 and 2147483647
                then cast({{ column }} as integer)
        end
    {%- elif kind == 'integer' -%}
        {{ text_whole_number(as_text) }}
    {%- elif kind == 'amount' and form == 'numeric' -%}
        case when abs({{ column }}) < 1e18 then cast({{ column }} as decimal(20, 2)) end
    {%- elif kind == 'amount' -%}
        case
            when {{ regex_matches(text, amount_pattern()) }}
                then cast({{ text }} as decimal(20, 2))
        end
    {%- elif kind == 'boolean' and form == 'boolean' -%}
        {{ column }}
    {%- elif kind == 'boolean' -%}
        {{ text_boolean(as_text) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("raw_value: unknown kind '" ~ kind ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{% macro amount_pattern() -%} [+-]?([0-9]{1,18}([.][0-9]*)?|[.][0-9]+) {%- endmacro %}

{#- The first value of a raw row that does not fit its column, as `column: value` (the value
    cut at 200 characters); null when every value fits. `columns` is a list of
    (column, kind) in the table's column order. A column whose type can hold nothing but
    its kind (a timestamp column read as a timestamp, a boolean as a boolean) is left out. -#}
{% macro raw_bad_value(relation, columns) -%}
    {%- set checks = [] -%}
    {%- for column, kind in columns -%}
        {%- set form = raw_column_form(relation, column) -%}
        {%- if not (kind == 'timestamp' and form in ('timestamp', 'zoned'))
            and not (kind == 'boolean' and form == 'boolean') -%}
            {%- set text = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
            {%- do checks.append(
                "case when not " ~ is_blank(text) ~ " and " ~ raw_value(relation, column, kind)
                ~ " is null then " ~ dbt.concat(
                    ["'" ~ column ~ ": '", 'substring(' ~ text ~ ', 1, 200)']) ~ " end") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if checks | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- elif checks | length == 1 -%}
        {{ checks[0] }}
    {%- else -%}
        coalesce({{ checks | join(',\n        ') }})
    {%- endif -%}
{%- endmacro %}

{#- How raw `relation` holds `column`: 'numeric', 'boolean', 'zoned' (timestamp with time
    zone), 'timestamp' (without a zone, or a date), or 'text' (text, and any other type).
    A missing column, or a relation not yet built (at parse time), reads as 'text'. -#}
{% macro raw_column_form(relation, column) -%}
    {%- if execute and relation_exists(relation) and relation.schema is not none -%}
        {%- for found in adapter.get_columns_in_relation(relation)
            if found.name | lower == column | lower -%}
            {%- set data_type = found.data_type | lower -%}
            {%- if 'with time zone' in data_type or data_type in ('timestamptz', 'timestamp_tz') -%}
                {{ return('zoned') }}
            {%- elif data_type.startswith('timestamp') or data_type == 'date' -%}
                {{ return('timestamp') }}
            {%- elif data_type.startswith('bool') -%}
                {{ return('boolean') }}
            {%- elif data_type.split('(')[0] in (
                'tinyint', 'smallint', 'integer', 'int', 'int2', 'int4', 'int8', 'bigint',
                'hugeint', 'utinyint', 'usmallint', 'uinteger', 'ubigint', 'uhugeint',
                'decimal', 'numeric', 'double', 'double precision', 'float', 'float4',
                'float8', 'real') -%}
                {{ return('numeric') }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('text') }}
{%- endmacro %}
