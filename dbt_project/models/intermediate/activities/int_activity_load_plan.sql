-- What this run (re)loads into the incremental activity models, compared with what the last
-- successful run loaded (int_activity_dates_loaded and int_activity_matchers_loaded):
-- - activity dates whose raw rows changed: their count (new days, late rows however late, rows
--   gone) or, the count unchanged, their content fingerprint (rows corrected in place);
-- - matchers added (loaded on every date) or removed (their rows dropped).
-- A first run or a full refresh loads every date and matcher.
with

raw_dates as (

    select * from {{ ref('int_activity_dates_raw') }}

),

loaded_dates as (

    {{ load_state(
        'int_activity_dates_loaded',
        ['activity_date', 'raw_rows', 'fingerprint'],
        'select cast(null as date) as activity_date, cast(null as bigint) as raw_rows,'
        ~ ' cast(null as decimal(38, 0)) as fingerprint where 1 = 0'
    ) }}

),

matchers as (

    select
        matcher_id,
        matcher_kind

    from {{ ref('int_activity_matchers') }}

),

loaded_matchers as (

    {{ load_state(
        'int_activity_matchers_loaded',
        ['matcher_id', 'matcher_kind'],
        'select cast(null as bigint) as matcher_id, cast(null as '
        ~ dbt.type_string() ~ ') as matcher_kind where 1 = 0'
    ) }}

),

-- raw and loaded counts side by side; grouping keeps the undated rows (null) as one date
both_counts as (

    select
        activity_date,
        raw_rows,
        fingerprint,
        cast(null as bigint) as loaded_raw_rows,
        cast(null as decimal(38, 0)) as loaded_fingerprint
    from raw_dates

    union all

    select
        activity_date,
        cast(null as bigint) as raw_rows,
        cast(null as decimal(38, 0)) as fingerprint,
        raw_rows as loaded_raw_rows,
        fingerprint as loaded_fingerprint
    from loaded_dates

),

date_counts as (

    select
        activity_date,
        max(raw_rows) as raw_rows,
        max(fingerprint) as fingerprint,
        max(loaded_raw_rows) as loaded_raw_rows,
        max(loaded_fingerprint) as loaded_fingerprint

    from both_counts
    group by activity_date

),

dates_to_load as (

    select
        'activity_date' as load_kind,
        date_counts.activity_date,
        date_counts.raw_rows,
        date_counts.fingerprint,
        cast(null as bigint) as matcher_id,
        cast(null as {{ dbt.type_string() }}) as matcher_kind,
        case
            when date_counts.loaded_raw_rows is null then 'new_rows'
            when date_counts.raw_rows is null then 'rows_removed'
            when date_counts.raw_rows <> date_counts.loaded_raw_rows then 'changed_rows'
            else 'rows_corrected'
        end as reason

    from date_counts
    where
        date_counts.raw_rows is distinct from date_counts.loaded_raw_rows
        or date_counts.fingerprint is distinct from date_counts.loaded_fingerprint

),

both_matchers as (

    select
        matcher_id,
        matcher_kind,
        1 as is_current,
        0 as is_loaded
    from matchers

    union all

    select
        matcher_id,
        matcher_kind,
        0 as is_current,
        1 as is_loaded
    from loaded_matchers

),

matcher_changes as (

    select
        matcher_id,
        max(matcher_kind) as matcher_kind,
        max(is_current) as is_current,
        max(is_loaded) as is_loaded

    from both_matchers
    group by matcher_id

),

matchers_to_load as (

    select
        'matcher' as load_kind,
        cast(null as date) as activity_date,
        cast(null as bigint) as raw_rows,
        cast(null as decimal(38, 0)) as fingerprint,
        matcher_id,
        matcher_kind,
        case when is_current = 1 then 'matcher_added' else 'matcher_removed' end as reason

    from matcher_changes
    where is_current <> is_loaded

),

final as (

    select * from dates_to_load
    union all
    select * from matchers_to_load

)

select * from final
