-- depends_on: {{ ref('stg_seeds__predictive_model_errors') }}
-- Predictive models (contract §9), checked by stg_seeds__predictive_model_errors, their settings
-- read as numbers. A blank min_conversions is 50; a blank is_active is false.
with

source as (

    select * from {{ ref('predictive_models') }}

),

final as (

    select
        model_id,
        description,
        feature_sheet_id,
        {{ text_whole_number('horizon_days') }} as horizon_days,
        coalesce({{ text_whole_number('min_conversions') }}, 50) as min_conversions,
        coalesce({{ text_boolean('is_active') }}, false) as is_active

    from source

)

select * from final
