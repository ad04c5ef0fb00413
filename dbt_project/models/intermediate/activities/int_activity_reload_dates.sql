-- The activity dates int_activities_matched_daily and int_activities_rejected reload: the
-- plan's dates, and the dates of rows of a repeated key loaded now (one of its rows, now or at
-- the last load, is on a plan date) that, on a date not reloaded, were kept and are not any
-- more (an earlier repeat displaced them), or the other way round (the row that displaced them
-- was corrected to a later time, or removed). Rows on those dates are unchanged, so each is
-- found as it was in the ranks of the last load (int_activity_key_ranks_loaded); a key missing
-- there, or here, has a single row, which is kept.
{%- set content = [
    'activity_id', 'activity_date', 'occurred_at', 'lead_id', 'activity_type', 'url', 'campaign'
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

    select activity_id from repeated_keys
    where {{ is_reloaded_date('activity_date') }}

    union

    select activity_id from loaded_ranks
    where {{ is_reloaded_date('activity_date') }}

),

-- the rows of those keys on other dates as ranked now: kept (1) or not (0); a key repeated
-- no more has its one row kept
ranks_now as (

    select
        {{ content | join(', ') }},
        max(case when key_rank = 1 then 1 else 0 end) as is_kept
    from repeated_keys
    where
        activity_id in (select activity_id from keys_loaded_now)
        and not {{ is_reloaded_date('activity_date') }}
    group by {{ content | join(', ') }}

    union all

    select
        {{ content | join(', ') }},
        1 as is_kept
    from loaded_ranks
    where
        activity_id in (select activity_id from keys_loaded_now)
        and activity_id not in (select activity_id from repeated_keys)
        and not {{ is_reloaded_date('activity_date') }}
    group by {{ content | join(', ') }}

),

ranks_loaded as (

    select
        {{ content | join(', ') }},
        max(case when key_rank = 1 then 1 else 0 end) as is_kept
    from loaded_ranks
    group by {{ content | join(', ') }}

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
        {%- for column in content %}
            {{ 'and ' if not loop.first }}{{ equal_or_both_null(
                'ranks_now.' ~ column, 'ranks_loaded.' ~ column) }}
        {%- endfor %}
    where ranks_now.is_kept <> case
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
