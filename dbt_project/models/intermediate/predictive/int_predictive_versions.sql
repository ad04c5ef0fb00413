-- Daily, though training is monthly: a view, so the daily run scores with the version active
-- when it reads it, whichever assets ran before it.
{{ config(tags=['daily'], materialized='view') }}

-- Every trained version of each predictive model, as `leadscore train` wrote it
-- (orchestration/predictive/versions.py), and whether it is the active one: the version of the
-- model's latest activation. Empty until the first training.
{%- set versions = source('predictive', 'model_versions') %}
{%- set activations = source('predictive', 'model_activations') %}
{%- set trained = relation_exists(versions) and relation_exists(activations) %}
with

{% if trained %}
    versions as (

        select * from {{ versions }}

    ),

    latest_activations as (

        select
            model_id,
            model_version,
            row_number() over (
                partition by model_id order by activated_at desc, model_version desc
            ) as activation_rank

        from {{ activations }}

    ),
{% else %}
    versions as (

        select
            cast(null as {{ dbt.type_string() }}) as model_id,
            cast(null as integer) as model_version,
            cast(null as {{ dbt.type_timestamp() }}) as trained_at,
            cast(null as date) as train_start,
            cast(null as date) as train_end,
            cast(null as date) as validation_start,
            cast(null as date) as validation_end,
            cast(null as bigint) as lead_dates,
            cast(null as bigint) as positives,
            cast(null as {{ type_double() }}) as auc,
            cast(null as {{ type_double() }}) as in_time_auc,
            cast(null as {{ type_double() }}) as rules_auc,
            cast(null as {{ type_double() }}) as brier,
            cast(null as {{ type_double() }}) as calibration_error,
            cast(null as {{ type_double() }}) as top_decile_lift,
            cast(null as {{ type_double() }}) as rules_top_decile_lift,
            cast(null as boolean) as likely_leak,
            cast(null as {{ type_double() }}) as intercept,
            cast(null as {{ type_double() }}) as calibration_a,
            cast(null as {{ type_double() }}) as calibration_b
        where 1 = 0

    ),

    latest_activations as (

        select
            model_id,
            model_version,
            1 as activation_rank
        from versions

    ),
{% endif %}

final as (

    select
        versions.*,
        coalesce(latest_activations.model_version is not null, false) as is_active

    from versions
    left join latest_activations
        on
            versions.model_id = latest_activations.model_id
            and versions.model_version = latest_activations.model_version
            and latest_activations.activation_rank = 1

)

select * from final
