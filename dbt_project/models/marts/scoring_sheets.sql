-- The scoring sheets as they score: one row per sheet, its settings read as numbers (blank
-- weights as 0), and which one is primary. For BI filters, the report and the alerts.
with

sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}

),

final as (

    select
        cast(sheet_id as {{ dbt.type_string() }}) as sheet_id,
        cast(description as {{ dbt.type_string() }}) as description,
        cast(behavior_weight as decimal(18, 4)) as behavior_weight,
        cast(profile_weight as decimal(18, 4)) as profile_weight,
        cast(window_days as integer) as window_days,
        cast(mql_threshold as decimal(18, 2)) as mql_threshold,
        is_primary,
        cast(mqa_threshold as decimal(18, 2)) as mqa_threshold

    from sheets

)

select * from final
