-- The activity dates whose kept rows changed (int_activity_reload_dates adds those whose bot flags
-- changed): the plan's dates, and the dates of rows of a repeated key loaded now (one of its rows,
-- now or at the last load, is on a plan date) that, on a date not reloaded, were kept and are not
-- any more (an earlier repeat displaced them), or the other way round (the row that displaced them
-- was corrected to a later time, or removed). Rows on those dates are unchanged, so each is found
-- as it was in the ranks of the last load (int_activity_key_ranks_loaded); a key missing there, or
-- here, has a single row, which is kept.
{%- set content = [
    'activity_id', 'activity_date', 'occurred_at', 'lead_id', 'activity_type', 'url', 'campaign',
    'user_agent', 'ip_address'
] %}
with

plan_dates as (

    select activity_date from {{ ref('int_activity_load_plan') }}
    where load_kind = 'activity_date'

),

repeated_keys as (

    select * from {{ ref('int_activity_key_duplicates') }}

),

loaded_ranks as (

    {{ load_state(
        'int_activity_key_ranks_loaded', content + ['key_rank'],
        'select ' ~ content | join(', ') ~ ', key_rank from '
        ~ ref('int_activity_key_duplicates') ~ ' where 1 = 0'
    ) }}

),

keys_loaded_now as (

    select repeated_keys.activity_id from repeated_keys
    where {{ is_reloaded_date('repeated_keys.activity_date') }}

    union

    select loaded_ranks.activity_id from loaded_ranks
    where {{ is_reloaded_date('loaded_ranks.activity_date') }}

),

-- a row as it was and as it is: its key and a hash of all it holds (rows on dates that are not
-- reloaded are unchanged, so the hash finds them again)
rows_now as (

    select
        repeated_keys.activity_id,
        repeated_keys.activity_date,
        {{ row_hash(qualified(content, 'repeated_keys')) }} as row_hash,
        case when repeated_keys.key_rank = 1 then 1 else 0 end as is_kept

    from repeated_keys
    inner join keys_loaded_now
        on repeated_keys.activity_id = keys_loaded_now.activity_id
    where not {{ is_reloaded_date('repeated_keys.activity_date') }}

),

rows_loaded as (

    select
        loaded_ranks.activity_id,
        loaded_ranks.activity_date,
        {{ row_hash(qualified(content, 'loaded_ranks')) }} as row_hash,
        case when loaded_ranks.key_rank = 1 then 1 else 0 end as is_kept

    from loaded_ranks
    inner join keys_loaded_now
        on loaded_ranks.activity_id = keys_loaded_now.activity_id

),

keys_repeated_now as (

    select distinct activity_id from repeated_keys

),

-- the rows of those keys on other dates as ranked now: kept (1) or not (0); a key repeated
-- no more has its one row kept
ranks_now as (

    select
        activity_id,
        activity_date,
        row_hash,
        max(is_kept) as is_kept
    from rows_now
    group by activity_id, activity_date, row_hash

    union all

    select
        rows_loaded.activity_id,
        rows_loaded.activity_date,
        rows_loaded.row_hash,
        1 as is_kept
    from rows_loaded
    left join keys_repeated_now
        on rows_loaded.activity_id = keys_repeated_now.activity_id
    where
        keys_repeated_now.activity_id is null
        and not {{ is_reloaded_date('rows_loaded.activity_date') }}
    group by rows_loaded.activity_id, rows_loaded.activity_date, rows_loaded.row_hash

),

ranks_loaded as (

    select
        activity_id,
        row_hash,
        max(is_kept) as is_kept
    from rows_loaded
    group by activity_id, row_hash

),

keys_loaded as (

    select distinct activity_id from loaded_ranks

),

kept_status_changed as (

    select ranks_now.activity_date
    from ranks_now
    left join keys_loaded
        on ranks_now.activity_id = keys_loaded.activity_id
    left join ranks_loaded
        on
            ranks_now.activity_id = ranks_loaded.activity_id
            and ranks_now.row_hash = ranks_loaded.row_hash
    where
        ranks_now.is_kept <> case
            when keys_loaded.activity_id is null then 1
            else coalesce(ranks_loaded.is_kept, 0)
        end

),

final as (

    select activity_date from plan_dates
    union
    select activity_date from kept_status_changed

)

select * from final
