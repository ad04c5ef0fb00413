{{ config(materialized='view') }}

-- Per sheet, scored lead and behaviour rule, the matches that count on each activity day in
-- the sheet's window on the latest score date (per day after the rule's daily limit, a
-- person's merged leads sharing it), with the day's age. `leadscore explain` reads a lead's
-- rows to show the decay applied and to project the score to later dates without new
-- activity. A view: nothing is stored, and a reader filters by lead.
with

scored_on as (

    select max(score_date) as score_date from {{ ref('lead_scores') }}

),

identities as (

    select * from {{ ref('lead_identities') }}

),

daily as (

    select * from {{ ref('int_activities_matched_daily') }}

),

matchers as (

    select * from {{ ref('int_activity_matchers') }}

),

behavior_rules as (

    select * from {{ ref('stg_seeds__behavior_rules') }}

),

sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}

),

person_days as (

    select
        daily.matcher_id,
        identities.person_id,
        daily.activity_date,
        {{ counted_per_day('sum(daily.matches)', 'matchers.max_per_day') }} as occurrences

    from daily
    inner join identities
        on daily.lead_id = identities.lead_id
    inner join matchers
        on daily.matcher_id = matchers.matcher_id
    cross join scored_on
    where daily.activity_date <= scored_on.score_date
    group by daily.matcher_id, identities.person_id, daily.activity_date, matchers.max_per_day

),

final as (

    select
        cast(behavior_rules.sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(person_days.person_id as {{ dbt.type_string() }}) as lead_id,
        cast(behavior_rules.rule_id as {{ dbt.type_string() }}) as rule_id,
        person_days.activity_date,
        cast(
            {{ dbt.datediff('person_days.activity_date', 'scored_on.score_date', 'day') }}
            as integer
        ) as age_days,
        person_days.occurrences

    from person_days
    inner join behavior_rules
        on person_days.matcher_id = behavior_rules.matcher_id
    inner join sheets
        on behavior_rules.sheet_id = sheets.sheet_id
    cross join scored_on
    where
        sheets.window_days is null
        or {{ dbt.datediff('person_days.activity_date', 'scored_on.score_date', 'day') }}
        < sheets.window_days

)

select * from final
