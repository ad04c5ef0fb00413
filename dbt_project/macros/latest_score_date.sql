{#- The config of a mart that shows the latest score date of lead_score_history (contract §6:
    lead_scores, lead_score_breakdown, account_scores, lead_segments). A run for an earlier
    date (a re-run of an old partition, a backfill, a hand-built date) writes that date's
    history and leaves these marts as they were. When the run's date is the latest, the
    pre-hook deletes every row and the new ones are appended, in one transaction where the
    engine has them, so readers see the old rows or the new ones; otherwise the pre-hook
    deletes nothing and the model selects nothing. The model ends with
    `where {{ is_latest_score_date() }}`. Use: config(tags=[...], **latest_score_date_mart()).
    -#}
{% macro latest_score_date_mart() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'pre_hook': "{{ delete_reloaded_rows(is_latest_score_date()) }}",
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{#- True when the run's score date is the latest in lead_score_history (which this run has
    already written), or history is empty; read from its list of dates. -#}
{% macro is_latest_score_date() -%}
    ({{ score_date() }} >= (
        select coalesce(max(score_date), {{ score_date() }})
        from {{ ref('lead_score_history_dates') }}
    ))
{%- endmacro %}
