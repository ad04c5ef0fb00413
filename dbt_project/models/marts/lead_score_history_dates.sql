{{ config(**score_date_partitions()) }}

-- One row per date of lead_score_history: how many rows it holds and their fingerprint. A run
-- reads only its own date of the history to write it, so the models that need the dates
-- scored (the latest-date marts, the timeline, the evaluation, which re-evaluates a date whose
-- fingerprint changed) read this small table instead of the whole history. Its first build
-- (on a warehouse that has history already) lists every date.
with

history as (

    select * from {{ ref('lead_score_history') }}
    {% if is_incremental() -%}
        where {{ is_run_score_date('score_date') }}
    {%- endif %}

),

final as (

    select
        score_date,
        count(*) as scored_rows,
        {{ rows_fingerprint([
            'sheet_id', 'lead_id', 'behavior_score', 'profile_score', 'total_score', 'tier',
            'is_mql'
        ]) }} as fingerprint

    from history
    group by score_date

)

select * from final
