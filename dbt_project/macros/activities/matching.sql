{#- How activities are matched and judged (docs/incremental.md). -#}

{#- The id of an activity matcher: a stable hash of what it matches. -#}
{% macro activity_matcher_id(kind, activity_type, url_pattern, max_per_day, qualifier="''") -%}
    {{ hash_bigint(dbt.concat([
        "'" ~ kind ~ "|'",
        "coalesce(" ~ activity_type ~ ", '')", "'|'",
        "coalesce(" ~ url_pattern ~ ", '')", "'|'",
        "coalesce(cast(" ~ max_per_day ~ " as " ~ dbt.type_string() ~ "), '')", "'|'",
        qualifier])) }}
{%- endmacro %}

{#- The `when` branches of an activity's rejection reason, in the order of docs/contract.md §3:
    missing key, duplicate key, bad value, missing timestamp, unknown lead, unknown activity
    type. -#}
{% macro activity_rejection_reason(
    activity_id, key_rank, bad_value, occurred_at, accepted_lead_id, accepted_activity_type) -%}
    {{ key_rejection_reason(activity_id, key_rank, bad_value) }}
            when {{ occurred_at }} is null then 'missing_timestamp'
            when {{ accepted_lead_id }} is null then 'unknown_lead'
            when {{ accepted_activity_type }} is null then 'unknown_activity_type'
{%- endmacro %}

{#- Rule 3 of contract §5: of `matches` on one day, at most `max_per_day` count (a null limit: all
    of them), as an integer. -#}
{% macro counted_per_day(matches, max_per_day) -%}
    cast(case
        when {{ max_per_day }} is null or {{ matches }} <= {{ max_per_day }} then {{ matches }}
        else {{ max_per_day }}
    end as integer)
{%- endmacro %}
