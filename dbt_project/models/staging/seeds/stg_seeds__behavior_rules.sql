-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Behaviour rules with their match criteria normalised and points cast (checked upstream), and
-- the id of their matcher: rules with the same criteria, on any sheet, share one.
with

source as (

    select * from {{ ref('behavior_rules') }}

),

normalized as (

    select
        sheet_id,
        rule_id,
        {{ normalize_text('activity_type') }} as activity_type,
        nullif(trim(url_pattern), '') as url_pattern,
        {{ text_number('points') }} as points,
        {{ text_whole_number('max_per_day') }} as max_per_day,
        {{ text_number('max_points') }} as max_points,
        {{ text_number('half_life_days') }} as half_life_days,
        nullif(trim(group_id), '') as group_id,
        description

    from source

),

final as (

    select
        *,
        {{ activity_matcher_id('rule', 'activity_type', 'url_pattern', 'max_per_day') }}
            as matcher_id

    from normalized

)

select * from final
