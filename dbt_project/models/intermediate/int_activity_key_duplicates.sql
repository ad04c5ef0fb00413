{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_id',
) }}

-- depends_on: {{ ref('int_activity_load_plan') }}

-- Every raw activity whose activity_id occurs more than once, ranked within its key: key_rank 1
-- is the row kept (the earliest by occurred_at), the others are `duplicate_key` rejections.
-- Incremental: the keys of the rows on the load plan's dates are looked up among all raw rows,
-- so a late row that repeats the key of an old one, on any date, is found.
with

activities as (

    select * from {{ ref('base_raw__activities') }}
    where activity_id is not null and trim(activity_id) <> ''

),

{% if is_incremental() %}
    keys_to_check as (

        select activity_id from activities
        where {{ in_load_plan('activity_date') }}

    ),

    candidates as (

        select * from activities
        where activity_id in (select keys_to_check.activity_id from keys_to_check)

    ),
{% else %}
    candidates as (

        select * from activities

    ),
{% endif %}

duplicated_keys as (

    select activity_id
    from candidates
    group by activity_id
    having count(*) > 1

),

final as (

    select
        candidates.activity_id,
        candidates.lead_id,
        candidates.activity_type,
        candidates.occurred_at,
        candidates.activity_date,
        candidates.url,
        candidates.campaign,
        {{ key_rank(
            'candidates.activity_id',
            'candidates.occurred_at nulls last, candidates.lead_id nulls last,'
            ~ ' candidates.activity_type nulls last, candidates.url nulls last'
        ) }} as key_rank

    from candidates
    inner join duplicated_keys
        on candidates.activity_id = duplicated_keys.activity_id

)

select * from final
