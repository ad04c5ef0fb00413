{{ config(materialized='ephemeral') }}

-- What the running sums (int_behavior_rule_sums) are kept for, one row each with a small
-- number to group by (rule_key: text keys made grouping the slow step):
-- - every behaviour rule of every sheet: its matches in the sheet's window, decayed by its
--   half-life, with the first and last matching activity (the breakdown shows both);
-- - the interests of int_lead_interests_on_date, under the sheet id `~interests`: each content
--   category matcher's matches in the primary sheet's window (rule id `category:<matcher>`,
--   no decay, no first or last activity needed) and the last accepted activity of all time
--   (rule id `last_activity`, the "any activity" matcher, no window, its last activity only).
-- What a row keeps decides when a carried sum is summed afresh (int_behavior_sums_changed): a
-- sum that keeps its first activity is summed afresh when that activity leaves the window or
-- its date is reloaded, one that keeps its last activity when that date is reloaded; matches
-- alone never need it, being added and taken out exactly.
with

sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}

),

matchers as (

    select * from {{ ref('int_activity_matchers') }}

),

behavior_rules as (

    select
        rules.sheet_id,
        rules.rule_id,
        rules.matcher_id,
        rules.half_life_days,
        sheets.window_days,
        true as keeps_first_activity,
        true as keeps_last_activity

    from {{ ref('stg_seeds__behavior_rules') }} as rules
    inner join sheets
        on rules.sheet_id = sheets.sheet_id

),

interest_categories as (

    select
        '{{ interest_sums_sheet_id() }}' as sheet_id,
        {{ interest_category_rule_id('matchers.matcher_id') }} as rule_id,
        matchers.matcher_id,
        cast(null as decimal(18, 4)) as half_life_days,
        sheets.window_days,
        false as keeps_first_activity,
        false as keeps_last_activity

    from matchers
    cross join sheets
    where matchers.matcher_kind = 'category' and sheets.is_primary

),

last_activity as (

    select
        '{{ interest_sums_sheet_id() }}' as sheet_id,
        'last_activity' as rule_id,
        matcher_id,
        cast(null as decimal(18, 4)) as half_life_days,
        cast(null as integer) as window_days,
        false as keeps_first_activity,
        true as keeps_last_activity

    from matchers
    where matcher_kind = 'activity'

),

summed as (

    select * from behavior_rules
    union all
    select * from interest_categories
    union all
    select * from last_activity

),

final as (

    select
        *,
        row_number() over (order by sheet_id, rule_id) as rule_key

    from summed

)

select * from final
