-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Scoring sheets, checked by stg_seeds__sheet_errors, their settings read as numbers.
-- Blank weights count as 0; a blank window is no window; a blank is_primary is false.
with

source as (

    select * from {{ ref('score_sheets') }}

),

final as (

    select
        sheet_id,
        description,
        coalesce({{ seed_number('behavior_weight') }}, 0) as behavior_weight,
        coalesce({{ seed_number('profile_weight') }}, 0) as profile_weight,
        {{ seed_whole_number('window_days') }} as window_days,
        cast({{ seed_number('mql_threshold') }} as decimal(18, 2)) as mql_threshold,
        coalesce({{ seed_boolean('is_primary') }}, false) as is_primary

    from source

)

select * from final
