{#- The score dates of a run. A daily run scores one date, var `score_date` (YYYY-MM-DD; blank
    means today in UTC). A run for many dates at once (a backtest, a quarter, a training set:
    orchestration/evaluation/backtest.py) gives var `score_dates`, a list of dates: every
    scoring model then holds one row per date, computed set-based from the daily aggregates
    (int_behavior_sums_by_date), and writes the same history that daily runs of those dates
    would. Dates are user-supplied vars, never seed values. -#}

{#- The run's dates as sorted, distinct YYYY-MM-DD texts. -#}
{% macro score_date_strings() -%}
    {%- set many = run_var('score_dates') -%}
    {%- if many is none or many == '' or many == [] -%}
        {%- set text = date_var_string('score_date') -%}
        {{ return([text if text else modules.datetime.datetime.utcnow().strftime('%Y-%m-%d')]) }}
    {%- endif -%}
    {%- set items = many.replace(',', ' ').split() if many is string else many -%}
    {%- set dates = [] -%}
    {%- for item in items -%}
        {%- set text = item | string | trim -%}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
            {{ exceptions.raise_compiler_error(
                "var score_dates must be a list of dates as YYYY-MM-DD, got '" ~ text ~ "'. "
                ~ "Example: dbt run --vars '{score_dates: [2026-06-01, 2026-06-08]}'") }}
        {%- endif -%}
        {%- if text not in dates -%}{%- do dates.append(text) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(dates | sort) }}
{%- endmacro %}

{#- True when the run scores a list of dates (var score_dates), even of one date. -#}
{% macro scores_many_dates() -%}
    {%- set many = run_var('score_dates') -%}
    {{ return(not (many is none or many == '' or many == [])) }}
{%- endmacro %}

{#- The score date D of a one-date run, or the last date of a run for many, as a SQL date. -#}
{% macro score_date() -%}
    cast('{{ score_date_strings()[-1] }}' as date)
{%- endmacro %}

{#- The YYYY-MM-DD text of score_date(). -#}
{% macro score_date_string() -%}
    {{ score_date_strings()[-1] }}
{%- endmacro %}

{#- The first date of the run, as a SQL date. -#}
{% macro first_score_date() -%}
    cast('{{ score_date_strings()[0] }}' as date)
{%- endmacro %}

{#- The run's dates as a relation of one column, score_date. -#}
{% macro score_dates_relation() -%}
    (
    {%- for text in score_date_strings() %}
        select cast('{{ text }}' as date) as score_date
        {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
    )
{%- endmacro %}

{#- True when `column` is one of the run's dates. -#}
{% macro is_run_score_date(column) -%}
    {{ column }} in (
    {%- for text in score_date_strings() -%}
        cast('{{ text }}' as date){{ ', ' if not loop.last }}
    {%- endfor -%}
    )
{%- endmacro %}

{#- A date var as YYYY-MM-DD text, '' when blank; anything else fails with an example. -#}
{% macro date_var_string(name) -%}
    {%- set raw = run_var(name, '') -%}
    {%- set text = '' if raw is none else (raw | string | trim) -%}
    {%- if text and not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be a date as YYYY-MM-DD, got '" ~ text ~ "'. "
            ~ "Example: dbt build --vars '{" ~ name ~ ": 2026-06-30}'") }}
    {%- endif -%}
    {{ text }}
{%- endmacro %}
