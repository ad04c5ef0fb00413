{{ config(
    materialized='incremental',
    incremental_strategy='append',
    partition_by=bucket_partitions(),
    pre_hook="{{ delete_reloaded_rows(rule_sums_replaced()) }}",
    on_schema_change='fail',
) }}

-- The running decayed sums (docs/incremental.md, "Decayed sums"): per sheet, behaviour rule and
-- lead with matches in the window on the score date, the occurrences, the decayed sum relative to
-- the rule's anchor day, and the first and last matching activity (and the same for the
-- interests, under the sheet id `~interests`: int_running_sum_rules); and a row per rule (lead_id
-- null) with what they were summed with, on which day, and the last load of replaced daily
-- aggregates taken in; and a row per regrouped lead (sheet_id null: a lead of a person with merged
-- leads, summed afresh on the next run too). A run replaces the rows int_behavior_sums_changed
-- moved and every rule row, so the rule rows are never out of step with the sums.
with

changed as (

    select * from {{ ref('int_behavior_sums_changed') }}

),

final as (

    select *{{ partition_bucket('lead_id') }}
    from changed
    where lead_id is null or sheet_id is null or occurrences > 0

)

select * from final
