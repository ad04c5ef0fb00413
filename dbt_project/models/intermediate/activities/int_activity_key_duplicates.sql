{{ config(
    materialized='incremental',
    incremental_strategy='append',
    partition_by=date_partitions('activity_date'),
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_reloaded_rows(
        'activity_id in (select activity_id from ' ~ this ~ ' where '
        ~ is_reloaded_date('activity_date') ~ ') or activity_id in (select activity_id from '
        ~ ref('stg_raw__activities') ~ ' where ' ~ in_reload_scan('activity_date') ~ ')') }}",
) }}

-- depends_on: {{ ref('int_activity_load_plan') }}

-- Every raw activity whose activity_id occurs more than once, ranked within its key: key_rank 1
-- is the row kept (the earliest by occurred_at), the others are `duplicate_key` rejections.
-- Incremental: the keys of the rows on the load plan's dates are looked up among all raw rows,
-- so a late row that repeats the key of an old one, on any date, is found. The pre-hook first
-- drops the keys loaded now, and those this table held on the plan's dates: a key whose other
-- rows were removed or given another key is repeated no more.
{%- set activities = ref('stg_raw__activities') %}
with

{% if is_incremental() %}
    -- the keys loaded now, looked up among all raw rows: one scan, a small result
    candidates as (

        select * from {{ activities }}
        where activity_id in (
            select activity_id from {{ activities }}
            where {{ in_reload_scan('activity_date', timestamp_column='occurred_at') }}
        )

    ),

    duplicated_keys as (

        select activity_id
        from candidates
        where not {{ is_blank('activity_id') }}
        group by activity_id
        having count(*) > 1

    ),

    repeats as (

        select candidates.*
        from candidates
        inner join duplicated_keys
            on candidates.activity_id = duplicated_keys.activity_id

    ),
{% else %}
    -- every row: the keys first (one column), then their rows; DuckDB would materialise a
    -- CTE of all rows read twice
    duplicated_keys as (

        select activity_id
        from {{ activities }}
        where not {{ is_blank('activity_id') }}
        group by activity_id
        having count(*) > 1

    ),

    repeats as (

        select * from {{ activities }}
        where activity_id in (select duplicated_keys.activity_id from duplicated_keys)

    ),
{% endif %}

final as (

    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at,
        activity_date,
        url,
        campaign,
        user_agent,
        ip_address,
        bad_value,
        {{ key_rank(
            'activity_id',
            'occurred_at nulls last, lead_id nulls last, activity_type nulls last, url nulls last,'
            ~ ' campaign nulls last, user_agent nulls last, ip_address nulls last'
        ) }} as key_rank

    from repeats

)

select * from final
