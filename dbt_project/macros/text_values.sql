{#- Numbers and booleans read from text: the scoring sheets (every seed column loads as text,
    dbt_project.yml) and raw columns that hold text (macros/raw_values.sql). The same regular
    expressions on every engine rather than each engine's own casts, which differ and may
    fail; surrounding white space of any kind is ignored. Blank or malformed text reads as
    null. -#}

{#- A plain decimal number: 12, -30, 0.5, .5, 7.0 (no exponent, at most 14 digits before
    the point). -#}
{% macro number_pattern() -%} [+-]?([0-9]{1,14}([.][0-9]*)?|[.][0-9]+) {%- endmacro %}

{#- A whole number in any plain notation: 7, +7, 7.0, 7.00 (as spreadsheets export it). -#}
{% macro whole_number_pattern() -%} [+-]?[0-9]{1,9}([.]0*)? {%- endmacro %}

{% macro text_number(expression) -%}
    {%- set text = trim_white_space(expression) -%}
    case
        when {{ regex_matches(text, number_pattern()) }} then cast({{ text }} as decimal(18, 4))
    end
{%- endmacro %}

{% macro text_whole_number(expression) -%}
    {%- set text = trim_white_space(expression) -%}
    case
        when {{ regex_matches(text, whole_number_pattern()) }}
            then cast(cast({{ text }} as decimal(18, 4)) as integer)
    end
{%- endmacro %}

{#- true / false, t / f, yes / no, y / n, 1 / 0, in any case. -#}
{% macro text_boolean(expression) -%}
    case lower({{ trim_white_space(expression) }})
        when 'true' then true
        when 't' then true
        when 'yes' then true
        when 'y' then true
        when '1' then true
        when 'false' then false
        when 'f' then false
        when 'no' then false
        when 'n' then false
        when '0' then false
    end
{%- endmacro %}

{#- The employee band of a count, a predictive feature (contract §9): 1-10, 11-50, 51-200,
    201-1000, 1001-5000 or 5001+. -#}
{% macro employee_band(count) -%}
    case
        when {{ count }} <= 10 then '1-10'
        when {{ count }} <= 50 then '11-50'
        when {{ count }} <= 200 then '51-200'
        when {{ count }} <= 1000 then '201-1000'
        when {{ count }} <= 5000 then '1001-5000'
        else '5001+'
    end
{%- endmacro %}
