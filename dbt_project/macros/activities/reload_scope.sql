{#- Which activity dates and matchers a run reloads (docs/incremental.md). The plan
    (int_activity_load_plan) and the dates the daily aggregates reload
    (int_activity_reload_dates) are models; these macros turn them into predicates. -#}

{#- An activity date as a key that is never null: the undated rows (no timestamp) are a date
    of their own, 0001-01-01. A real row of that date is only ever reloaded with them. -#}
{% macro load_date_key(date_column) -%}
    coalesce({{ date_column }}, cast('{{ undated_key() }}' as date))
{%- endmacro %}

{% macro undated_key() -%} 0001-01-01 {%- endmacro %}

{#- True for an activity date among the dates of `reload_model` (int_activity_load_plan's
    `activity_date` rows, or int_activity_reload_dates): a join, for the small tables. -#}
{% macro is_reloaded_date(date_column, reload_model='int_activity_load_plan') -%}
    {{ load_date_key(date_column) }} in (
        select {{ load_date_key('activity_date') }} from {{ ref(reload_model) }}
        {%- if reload_model == 'int_activity_load_plan' %}
        where load_kind = 'activity_date'
        {%- endif %}
    )
{%- endmacro %}

{#- The same, for scans of raw activities and of the daily aggregates: the dates are queried
    when the model runs and written as literals, with an occurred_at range when
    `timestamp_column` is given, so the engine skips what it need not read while it scans,
    where a join would filter only after reading the rows. They are dates computed from raw
    rows, never a seed value. -#}
{% macro in_reload_scan(date_column, reload_model='int_activity_load_plan', timestamp_column=none) -%}
    {%- set query -%}
        select distinct cast({{ load_date_key('activity_date') }} as {{ dbt.type_string() }})
        from {{ ref(reload_model) }}
        {%- if reload_model == 'int_activity_load_plan' %}
        where load_kind = 'activity_date'
        {%- endif %}
    {%- endset -%}
    {%- set date_keys = (run_query(query).columns[0].values() if execute else []) | sort -%}
    {%- if date_keys | length == 0 -%}
        (1 = 0)
    {%- else -%}
        {%- set literals = [] -%}
        {%- for key in date_keys -%}
            {%- do literals.append("cast('" ~ key ~ "' as date)") -%}
        {%- endfor -%}
        ({{ load_date_key(date_column) }} in ({{ literals | join(', ') }})
        {%- if timestamp_column and undated_key() not in date_keys %}
            and {{ timestamp_column }} >= cast('{{ date_keys[0] }}' as {{ dbt.type_timestamp() }})
            and {{ timestamp_column }} < {{ dbt.dateadd(
                'day', 1, "cast('" ~ date_keys[-1] ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
        {%- endif -%})
    {%- endif -%}
{%- endmacro %}

{#- True when the accepted activity types changed since the last load (their matchers did). -#}
{% macro activity_types_changed() -%}
    exists (
        select 1 from {{ ref('int_activity_load_plan') }}
        where load_kind = 'matcher' and matcher_kind = 'activity'
    )
{%- endmacro %}

{#- True for a matcher that int_activity_load_plan adds or removes. -#}
{% macro matcher_changed(matcher_column) -%}
    {{ matcher_column }} in (
        select matcher_id from {{ ref('int_activity_load_plan') }}
        where load_kind = 'matcher'
    )
{%- endmacro %}

{#- True for a matcher whose rows the daily aggregates delete before loading: one added (its
    rows are loaded on every date) and one removed. On Spark a removed matcher's rows stay:
    deleting them would rewrite the partition of every date, and no model reads the rows of a
    matcher that is not current. They are deleted if it comes back (its rows are loaded
    again), so a rule change rewrites no partition, only a rule changed back. -#}
{% macro matcher_rows_replaced(matcher_column) -%}
    {{ matcher_column }} in (
        select matcher_id from {{ ref('int_activity_load_plan') }}
        where load_kind = 'matcher'
        {%- if target.type == 'spark' %} and reason = 'matcher_added'{% endif %}
    )
{%- endmacro %}

{#- True for the activities of a lead removed since the last load (int_activity_leads_removed);
    never null. -#}
{% macro is_removed_lead(lead_column) -%}
    ({{ lead_column }} is not null and {{ lead_column }} in (
        select lead_id from {{ ref('int_activity_leads_removed') }}
    ))
{%- endmacro %}
