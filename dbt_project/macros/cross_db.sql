{#- Portable helpers in dbt-utils' style: a thin adapter.dispatch over a default__ built from
    plain SQL, with engine overrides only where an engine needs one. -#}

{#- Lower-cased, trimmed text; blank becomes null (a blank attribute is a missing one). -#}
{% macro normalize_text(expression) -%}
    nullif(lower({{ trim_white_space('cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')') }}), '')
{%- endmacro %}

{#- Text without leading and trailing white space: any Unicode white space (tabs, line breaks,
    non-breaking spaces...), where trim() removes blanks only. -#}
{% macro trim_white_space(expression) -%}
    {{ return(adapter.dispatch('trim_white_space', 'lead_scoring')(expression)) }}
{%- endmacro %}
{% macro default__trim_white_space(expression) -%}
    trim({{ expression }}, '{{ unicode_white_space() }}')
{%- endmacro %}
{% macro postgres__trim_white_space(expression) -%}
    btrim({{ expression }}, '{{ unicode_white_space() }}')
{%- endmacro %}
{% macro spark__trim_white_space(expression) -%}
    trim(both '{{ unicode_white_space() }}' from {{ expression }})
{%- endmacro %}

{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'lead_scoring')()) }}
{%- endmacro %}
{% macro default__type_double() -%} double {%- endmacro %}
{% macro postgres__type_double() -%} double precision {%- endmacro %}

{#- True when the whole text matches a regular expression. -#}
{% macro regex_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'lead_scoring')(expression, pattern)) }}
{%- endmacro %}
{% macro default__regex_matches(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}
{% macro postgres__regex_matches(expression, pattern) -%}
    ({{ expression }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}
{#- Spark string literals take backslash escapes: a regex backslash is written twice. Java's
    `$` also matches before a final line break; `\z` is the very end, as on the other engines. -#}
{% macro spark__regex_matches(expression, pattern) -%}
    ({{ expression }} rlike '^(?:{{ pattern | replace('\\', '\\\\') }})\\z')
{%- endmacro %}

{#- True for a null text, or one made only of white space: any Unicode white space (blanks,
    tabs, line breaks, non-breaking and other spaces), where trim() removes blanks only. -#}
{% macro is_blank(expression) -%}
    ({{ expression }} is null or {{ regex_matches(expression, '[' ~ unicode_white_space() ~ ']*') }})
{%- endmacro %}

{#- Every character of Unicode's White_Space property, as the characters themselves (each
    engine writes regex escapes its own way; these need none). -#}
{% macro unicode_white_space() -%}
    {{- return(
        "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
        ~ "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000") -}}
{%- endmacro %}

{#- Points as stored in the ledger: rounded to 2 decimals (half away from zero). -#}
{% macro round_points(expression) -%}
    cast(round(cast({{ expression }} as decimal(38, 10)), 2) as decimal(18, 2))
{%- endmacro %}

{#- sign(x) * min(|x|, cap); a null cap means no limit. -#}
{% macro cap_abs(expression, cap) -%}
    case
        when {{ cap }} is null or abs({{ expression }}) <= {{ cap }} then {{ expression }}
        when {{ expression }} < 0 then -{{ cap }}
        else {{ cap }}
    end
{%- endmacro %}

{#- Whole days from an activity date to the score date (the activity's age). -#}
{% macro age_in_days(activity_date) -%}
    {{ dbt.datediff(activity_date, score_date(), 'day') }}
{%- endmacro %}

{#- In sheet `window_days`: age >= 0 and (no window or age < window). -#}
{% macro in_score_window(activity_date, window_days) -%}
    ({{ age_in_days(activity_date) }} >= 0
        and ({{ window_days }} is null or {{ age_in_days(activity_date) }} < {{ window_days }}))
{%- endmacro %}

{#- Case-insensitive LIKE: `%` and `_` are the wildcards; the pattern is a column, never text. -#}
{% macro like_ci(expression, pattern_column) -%}
    (lower({{ expression }}) like lower({{ pattern_column }}))
{%- endmacro %}

{#- Replace every match of a regular expression. -#}
{% macro regex_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'lead_scoring')(expression, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}
{% macro spark__regex_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern | replace('\\', '\\\\') }}', '{{ replacement }}')
{%- endmacro %}

{#- A stable 60-bit integer hash of a text (from md5): compact keys for large tables. -#}
{% macro hash_bigint(expression) -%}
    {{ return(adapter.dispatch('hash_bigint', 'lead_scoring')(expression)) }}
{%- endmacro %}
{% macro default__hash_bigint(expression) -%}
    cast(('0x' || left(md5({{ expression }}), 15)) as bigint)
{%- endmacro %}
{% macro postgres__hash_bigint(expression) -%}
    cast(cast(('x' || left(md5({{ expression }}), 15)) as bit(60)) as bigint)
{%- endmacro %}
{% macro spark__hash_bigint(expression) -%}
    cast(conv(left(md5({{ expression }}), 15), 16, 10) as bigint)
{%- endmacro %}

{#- Column names qualified by a table alias: ['a', 'b'] -> ['t.a', 't.b']. -#}
{% macro qualified(columns, alias) -%}
    {%- set names = [] -%}
    {%- for column in columns -%}{%- do names.append(alias ~ '.' ~ column) -%}{%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{#- A timestamp as whole microseconds since 1970-01-01 (a bigint): exact differences in
    seconds, fractions included. -#}
{% macro epoch_microseconds(timestamp) -%}
    {{ return(adapter.dispatch('epoch_microseconds', 'lead_scoring')(timestamp)) }}
{%- endmacro %}
{% macro default__epoch_microseconds(timestamp) -%} epoch_us({{ timestamp }}) {%- endmacro %}
{% macro postgres__epoch_microseconds(timestamp) -%}
    cast(extract(epoch from {{ timestamp }}) * 1000000 as bigint)
{%- endmacro %}
{% macro spark__epoch_microseconds(timestamp) -%} unix_micros({{ timestamp }}) {%- endmacro %}

{#- Whole-number division of two bigints, truncated toward zero. -#}
{% macro integer_divide(dividend, divisor) -%}
    {{ return(adapter.dispatch('integer_divide', 'lead_scoring')(dividend, divisor)) }}
{%- endmacro %}
{% macro default__integer_divide(dividend, divisor) -%} (({{ dividend }}) // ({{ divisor }})) {%- endmacro %}
{% macro postgres__integer_divide(dividend, divisor) -%} (({{ dividend }}) / ({{ divisor }})) {%- endmacro %}
{% macro spark__integer_divide(dividend, divisor) -%} (({{ dividend }}) div ({{ divisor }})) {%- endmacro %}

{#- dbt's split_part on Spark (found first: dispatch searches this project before dbt): the
    part, or null where the text has fewer parts. dbt-spark indexes the array, an error under
    ANSI mode (Spark 4's default); get() returns null. The delimiter is a literal (\Q...\E). -#}
{% macro spark__split_part(string_text, delimiter_text, part_number) -%}
    get(split({{ string_text }}, concat('\\Q', {{ delimiter_text }}, '\\E')), {{ part_number - 1 }})
{%- endmacro %}

{#- One row per `delimiter`-separated part of `expression`, in a select list (an empty text
    gives one empty part, a null none). `delimiter` is one plain character. -#}
{% macro split_to_rows(expression, delimiter) -%}
    {{ return(adapter.dispatch('split_to_rows', 'lead_scoring')(expression, delimiter)) }}
{%- endmacro %}
{% macro default__split_to_rows(expression, delimiter) -%}
    unnest(string_split({{ expression }}, '{{ delimiter }}'))
{%- endmacro %}
{#- not string_to_array: it gives no element for an empty text -#}
{% macro postgres__split_to_rows(expression, delimiter) -%}
    regexp_split_to_table({{ expression }}, '[{{ delimiter }}]')
{%- endmacro %}
{% macro spark__split_to_rows(expression, delimiter) -%}
    explode(split({{ expression }}, '[{{ delimiter }}]'))
{%- endmacro %}

{#- The texts of a group joined with `separator` in the order of `order_by` (an aggregate). -#}
{% macro ordered_text_agg(expression, order_by, separator) -%}
    {{ return(adapter.dispatch('ordered_text_agg', 'lead_scoring')(expression, order_by, separator)) }}
{%- endmacro %}
{% macro default__ordered_text_agg(expression, order_by, separator) -%}
    string_agg({{ expression }}, '{{ separator }}' order by {{ order_by }})
{%- endmacro %}
{% macro spark__ordered_text_agg(expression, order_by, separator) -%}
    array_join(transform(
        array_sort(collect_list(named_struct('sort_key', {{ order_by }}, 'item', {{ expression }}))),
        entry -> entry.item), '{{ separator }}')
{%- endmacro %}
