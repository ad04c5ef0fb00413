{#- Timestamps as UTC instants (SPEC §3), whatever the raw column holds and whatever time zone
    the machine or the database session is in. A column without a zone is read as UTC; a
    `timestamp with time zone` column is converted to UTC; text in ISO 8601 is read as UTC
    unless it carries an offset (`2026-06-30T23:30:00-05:00`, `...Z`), which is applied. The
    result is a timestamp without a zone, in UTC, on every engine. -#}

{#- ISO 8601 text the engines all parse, upper-cased with `T` between date and time: a date,
    or a date and time (seconds required, with an optional fraction) with an optional `Z` or
    `±HH[:MM]` offset. -#}
{% macro iso_timestamp_pattern() -%}
    [0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]+)?({{ iso_offset_pattern() }})?)?
{%- endmacro %}

{% macro iso_offset_pattern() -%} Z|[+-][0-9]{2}(:?[0-9]{2})? {%- endmacro %}

{#- `column` of raw `relation` as a UTC timestamp. Its type is looked up when the model
    runs, so a raw table may hold any of the three forms. Text that is not ISO 8601 reads as
    null (a missing timestamp). -#}
{% macro utc_timestamp(relation, column) -%}
    {%- set form = timestamp_form(relation, column) -%}
    {{ return(adapter.dispatch('utc_timestamp', 'lead_scoring')(column, form)) }}
{%- endmacro %}

{% macro default__utc_timestamp(column, form) -%}
    {%- if form == 'zoned' -%}
        cast({{ column }} at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- elif form == 'text' -%}
        {%- set text = "replace(upper(trim(" ~ column ~ ")), ' ', 'T')" -%}
        case
            when {{ regex_matches(text, iso_timestamp_pattern()) }}
                and {{ regex_matches(text, '.*T.*(' ~ iso_offset_pattern() ~ ')') }}
                then cast(
                    cast({{ text }} as timestamp with time zone) at time zone 'UTC'
                    as {{ dbt.type_timestamp() }}
                )
            when {{ regex_matches(text, iso_timestamp_pattern()) }}
                then cast({{ text }} as {{ dbt.type_timestamp() }})
        end
    {%- else -%}
        cast({{ column }} as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}

{#- Spark's `timestamp` is an instant shown in the session's time zone, UTC in profiles.yml:
    a cast reads an offset in text, and text without one as UTC. -#}
{% macro spark__utc_timestamp(column, form) -%}
    {%- if form == 'text' -%}
        {%- set text = "replace(upper(trim(" ~ column ~ ")), ' ', 'T')" -%}
        case
            when {{ regex_matches(text, iso_timestamp_pattern()) }}
                then cast({{ text }} as timestamp)
        end
    {%- else -%}
        cast({{ column }} as timestamp)
    {%- endif -%}
{%- endmacro %}

{#- How a raw column holds its instants: 'zoned' (timestamp with time zone), 'text', or
    'timestamp' (no zone: UTC). -#}
{% macro timestamp_form(relation, column) -%}
    {%- if execute -%}
        {%- for found in adapter.get_columns_in_relation(relation)
            if found.name | lower == column | lower -%}
            {%- set data_type = found.data_type | lower -%}
            {%- if 'with time zone' in data_type or data_type in ('timestamptz', 'timestamp_tz') -%}
                {{ return('zoned') }}
            {%- elif 'char' in data_type or 'text' in data_type or 'string' in data_type -%}
                {{ return('text') }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('timestamp') }}
{%- endmacro %}

{#- Now, as a UTC timestamp without a zone, whatever the session's time zone. -#}
{% macro utc_now() -%}
    {{ return(adapter.dispatch('utc_now', 'lead_scoring')()) }}
{%- endmacro %}
{% macro default__utc_now() -%}
    cast(current_timestamp at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}
{% macro spark__utc_now() -%}
    current_timestamp()
{%- endmacro %}
