-- A view: a few rows per trained version, read as they are kept.
{{ config(materialized='view') }}

-- Every trained version of each predictive model (contract §9): training and validation spans, its
-- validation figures beside the rules' on the same lead-dates, and which version is active.
with

versions as (

    select * from {{ ref('int_predictive_versions') }}

),

final as (

    select
        cast(model_id as {{ dbt.type_string() }}) as model_id,
        cast(model_version as integer) as model_version,
        cast(trained_at as {{ dbt.type_timestamp() }}) as trained_at,
        cast(train_start as date) as train_start,
        cast(train_end as date) as train_end,
        cast(validation_start as date) as validation_start,
        cast(validation_end as date) as validation_end,
        cast(lead_dates as bigint) as lead_dates,
        cast(positives as bigint) as positives,
        cast(auc as {{ type_double() }}) as auc,
        cast(in_time_auc as {{ type_double() }}) as in_time_auc,
        cast(rules_auc as {{ type_double() }}) as rules_auc,
        cast(brier as {{ type_double() }}) as brier,
        cast(calibration_error as {{ type_double() }}) as calibration_error,
        cast(top_decile_lift as {{ type_double() }}) as top_decile_lift,
        cast(rules_top_decile_lift as {{ type_double() }}) as rules_top_decile_lift,
        cast(likely_leak as boolean) as likely_leak,
        cast(is_active as boolean) as is_active

    from versions

)

select * from final
