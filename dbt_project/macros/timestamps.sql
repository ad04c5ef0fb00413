{#- Timestamps as UTC instants (contract §3), whatever the raw column holds and whatever time zone
    the machine or the database session is in. A column without a zone is read as UTC; a
    `timestamp with time zone` column is converted to UTC; text in ISO 8601 is read as UTC
    unless it carries an offset (`2026-06-30T23:30:00-05:00`, `...Z`), which is applied. The
    result is a timestamp without a zone, in UTC, on every engine. -#}

{#- ISO 8601 text the engines all parse, upper-cased with `T` between date and time: a date,
    or a date and time (seconds required, with an optional fraction) with an optional `Z` or
    `±HH[:MM]` offset, every field in its range (the day against its month: is_calendar_date). -#}
{% macro iso_timestamp_pattern() -%}
    [0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]+)?({{ iso_offset_pattern() }})?)?
{%- endmacro %}

{% macro iso_offset_pattern() -%} Z|[+-](0[0-9]|1[0-4])(:?[0-5][0-9])? {%- endmacro %}

{#- True when text matching iso_timestamp_pattern() names a real day: a year from 1, a day
    that its month has (29 February in leap years only). -#}
{% macro is_calendar_date(text) -%}
    {%- set year = 'cast(substring(' ~ text ~ ', 1, 4) as integer)' -%}
    {%- set month = 'cast(substring(' ~ text ~ ', 6, 2) as integer)' -%}
    {%- set day = 'cast(substring(' ~ text ~ ', 9, 2) as integer)' -%}
    ({{ year }} >= 1 and {{ day }} <= case
        when {{ month }} in (4, 6, 9, 11) then 30
        when {{ month }} <> 2 then 31
        when {{ year }} % 4 = 0 and ({{ year }} % 100 <> 0 or {{ year }} % 400 = 0) then 29
        else 28
    end)
{%- endmacro %}

{#- `column` of raw `relation` as a UTC timestamp. How the column holds its instants is looked
    up when the model runs (macros/raw_values.sql), so a raw table may hold any of the three
    forms. Text that is not an ISO 8601 instant reads as null: raw_bad_value names it. -#}
{% macro utc_timestamp(relation, column) -%}
    {%- set form = raw_column_form(relation, column) -%}
    {%- if form not in ('zoned', 'timestamp') -%}{%- set form = 'text' -%}{%- endif -%}
    {%- set text = "replace(upper(" ~ trim_white_space(
        'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') ~ "), ' ', 'T')" -%}
    {{ return(adapter.dispatch('utc_timestamp', 'lead_scoring')(column, form, text)) }}
{%- endmacro %}

{#- The text is checked in two steps, the pattern before the calendar, so that no engine reads
    the digits of text that is not a timestamp. -#}
{% macro default__utc_timestamp(column, form, text) -%}
    {%- if form == 'zoned' -%}
        cast({{ column }} at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- elif form == 'text' -%}
        case
            when not {{ regex_matches(text, iso_timestamp_pattern()) }} then null
            when not {{ is_calendar_date(text) }} then null
            when {{ regex_matches(text, '.*T.*(' ~ iso_offset_pattern() ~ ')') }}
                then cast(
                    cast({{ text }} as timestamp with time zone) at time zone 'UTC'
                    as {{ dbt.type_timestamp() }}
                )
            else cast({{ text }} as {{ dbt.type_timestamp() }})
        end
    {%- else -%}
        cast({{ column }} as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}

{#- Spark's `timestamp` is an instant shown in the session's time zone, UTC in profiles.yml:
    a cast reads an offset in text, and text without one as UTC. -#}
{% macro spark__utc_timestamp(column, form, text) -%}
    {%- if form == 'text' -%}
        case
            when not {{ regex_matches(text, iso_timestamp_pattern()) }} then null
            when not {{ is_calendar_date(text) }} then null
            else cast({{ text }} as timestamp)
        end
    {%- else -%}
        cast({{ column }} as timestamp)
    {%- endif -%}
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
