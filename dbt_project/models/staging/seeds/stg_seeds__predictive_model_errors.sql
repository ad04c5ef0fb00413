{{ config(post_hook="{{ raise_on_sheet_errors(this) }}") }}

-- One row per problem in seeds/predictive_models.csv, in the form of stg_seeds__sheet_errors
-- (the model in rule_id, its feature sheet in sheet_id); the post-hook fails the build when
-- any exist. An empty file is no predictive model.
with

predictive_models as (

    select * from {{ ref('predictive_models') }}

),

score_sheets as (

    select * from {{ ref('score_sheets') }}

),

model_problems as (

    select
        'predictive_models.csv' as seed_file,
        feature_sheet_id as sheet_id,
        model_id as rule_id,
        'model_id is missing: name every model' as problem
    from predictive_models
    where {{ is_blank('model_id') }}

    union all

    select
        'predictive_models.csv' as seed_file,
        min(feature_sheet_id) as sheet_id,
        model_id as rule_id,
        'model_id appears ' || cast(count(*) as {{ dbt.type_string() }})
        || ' times: each model needs its own id' as problem
    from predictive_models
    where not {{ is_blank('model_id') }}
    group by model_id
    having count(*) > 1

    union all

    select
        'predictive_models.csv' as seed_file,
        predictive_models.feature_sheet_id as sheet_id,
        predictive_models.model_id as rule_id,
        'feature_sheet_id ''' || coalesce(predictive_models.feature_sheet_id, '')
        || ''' is not a sheet of score_sheets.csv: name the sheet whose rules give the features'
            as problem
    from predictive_models
    left join score_sheets
        on predictive_models.feature_sheet_id = score_sheets.sheet_id
    where score_sheets.sheet_id is null

    union all

    select
        'predictive_models.csv' as seed_file,
        feature_sheet_id as sheet_id,
        model_id as rule_id,
        'horizon_days is missing: give the days after a date within which an opportunity'
        || ' counts as a conversion (for example 90)' as problem
    from predictive_models
    where {{ is_blank('horizon_days') }}

    union all

    select
        'predictive_models.csv' as seed_file,
        feature_sheet_id as sheet_id,
        model_id as rule_id,
        'horizon_days ''' || horizon_days || ''' is zero or negative: use 1 or more days'
            as problem
    from predictive_models
    where {{ text_whole_number('horizon_days') }} <= 0

),

value_problems as (

    {{ seed_value_problems('predictive_models', 'predictive_models.csv', 'horizon_days',
        'whole number', sheet_column='feature_sheet_id', rule_column='model_id') }}
    union all
    {{ seed_value_problems('predictive_models', 'predictive_models.csv', 'min_conversions',
        'whole number', positive=true, sheet_column='feature_sheet_id', rule_column='model_id',
        blank='50') }}
    union all
    {{ seed_value_problems('predictive_models', 'predictive_models.csv', 'is_active', 'boolean',
        sheet_column='feature_sheet_id', rule_column='model_id') }}

),

final as (

    select * from model_problems
    union all
    select * from value_problems

)

select * from final
