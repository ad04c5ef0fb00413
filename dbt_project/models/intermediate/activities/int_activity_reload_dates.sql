-- The activity dates int_activities_matched_daily and int_activities_rejected reload: those
-- whose kept rows changed (int_activity_changed_dates), and those whose bot flags changed since
-- the last load (a burst completed by a late row on the next day, a bot rule edited): each
-- date's flags, as a fingerprint, against the fingerprint the last load logged
-- (int_activity_bot_dates_loaded). All dates are compared, not only those worked out again: a
-- run that stopped after the flags but before the log leaves nothing behind.
with

changed_dates as (

    select activity_date from {{ ref('int_activity_changed_dates') }}

),

flagged_dates as (

    select
        activity_date,
        {{ rows_fingerprint(['activity_id', 'rule_id']) }} as bot_fingerprint

    from {{ ref('int_activity_bot_flags') }}
    group by activity_date

),

loaded_flagged_dates as (

    {{ load_state(
        'int_activity_bot_dates_loaded',
        ['activity_date', 'bot_fingerprint'],
        'select cast(null as date) as activity_date,'
        ~ ' cast(null as decimal(38, 0)) as bot_fingerprint where 1 = 0'
    ) }}

),

flags_changed as (

    select coalesce(flagged_dates.activity_date, loaded.activity_date) as activity_date
    from flagged_dates
    full outer join loaded_flagged_dates as loaded
        on flagged_dates.activity_date = loaded.activity_date
    where flagged_dates.bot_fingerprint is distinct from loaded.bot_fingerprint

),

final as (

    select activity_date from changed_dates
    union
    select activity_date from flags_changed

)

select * from final
