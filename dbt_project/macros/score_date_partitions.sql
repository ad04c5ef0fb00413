{#- The config of a table with one partition per score date, such as lead_score_history: a
    run replaces exactly its score date's rows, so re-running a date is idempotent and dates
    can be scored in any order. Spark overwrites the date's partition; the others delete its
    rows and insert. Use: config(tags=[...], **score_date_partitions()). -#}
{% macro score_date_partitions() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite' if target.type == 'spark' else 'delete+insert',
        'partition_by': ['score_date'] if target.type == 'spark' else none,
        'unique_key': none if target.type == 'spark' else 'score_date',
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{#- The config of a mart read from the score timeline, whose rows are dated by `date_column`
    (mql_events, score_changes): a run for D (for many dates: its first) deletes the rows of D
    and later dates, which the timeline rewrote, and appends them again.
    Use: config(**timeline_feed(date_column)). -#}
{% macro timeline_feed(date_column) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'partition_by': date_partitions(date_column),
        'pre_hook': "{{ delete_reloaded_rows('" ~ date_column ~ " >= ' ~ first_score_date()) }}",
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}
