-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Scoring sheets, checked by stg_seeds__sheet_errors. Blank weights count as 0.
with

source as (

    select * from {{ ref('score_sheets') }}

),

final as (

    select
        sheet_id,
        description,
        coalesce(behavior_weight, 0) as behavior_weight,
        coalesce(profile_weight, 0) as profile_weight,
        window_days,
        mql_threshold,
        coalesce(is_primary, false) as is_primary

    from source

)

select * from final
