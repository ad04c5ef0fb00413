{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_reloaded_rows(is_reloaded_date('activity_date')) }}",
    on_schema_change='append_new_columns',
) }}

-- depends_on: {{ ref('int_activity_key_duplicates') }}
-- depends_on: {{ ref('int_activities_rejected') }}
-- depends_on: {{ ref('int_activities_matched_daily') }}
-- depends_on: {{ ref('int_activity_key_ranks_loaded') }}

-- The load log: per activity date (null: the undated rows), the raw row count and content
-- fingerprint that the incremental activity models have loaded. It is written after all three
-- succeed and the ranks of repeated keys are logged, and int_activity_load_plan of the next
-- run compares raw with it: a failed run leaves it unchanged, so the next run loads the same
-- dates again. A log written before it had fingerprints gains the column, and the next run
-- loads every date once.
with

plan as (

    select * from {{ ref('int_activity_load_plan') }}
    where load_kind = 'activity_date' and raw_rows is not null

),

final as (

    select
        activity_date,
        raw_rows,
        fingerprint

    from plan

)

select * from final
