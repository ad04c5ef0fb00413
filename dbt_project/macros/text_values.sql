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
