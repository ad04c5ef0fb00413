-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}
{#- prefixes of the absent order whose present features bound, per lead, where its three
    largest absent features end (z_scores) -#}
{%- set first_ranks = [8, 16, 32, 64] %}

-- The predictive score of every scored person on the latest score date D (contract §9), per active
-- model, computed from the active version's kept parameters (orchestration/predictive/fit.py):
--   z = intercept + sum over the model's features of coefficient x (value - mean) / scale
--   probability = 1 / (1 + exp(calibration_a x z + calibration_b))
-- An absent feature has value 0, so every lead starts from the same base (intercept and the
-- absent contributions) and its present features move it. top_factors: the three largest
-- absolute contributions, present or absent, compared to the millionth, ties by feature.
with

active_versions as (

    select * from {{ ref('int_predictive_versions') }}
    where is_active

),

models as (

    select model_id from {{ ref('stg_seeds__predictive_models') }}
    where is_active

),

named_factors as (

    select
        factors.model_id,
        factors.model_version,
        factors.feature,
        -- the feature's place by name, as a number: it breaks ties and joins faster than text
        row_number() over (
            partition by factors.model_id order by factors.feature
        ) as feature_order,
        factors.coefficient / factors.scale as weight,
        -factors.coefficient * factors.mean / factors.scale as absent_contribution

    from {{ ref('predictive_factors') }} as factors
    inner join active_versions
        on
            factors.model_id = active_versions.model_id
            and factors.model_version = active_versions.model_version
    inner join models
        on factors.model_id = models.model_id

),

-- absent_rank: the place of what the feature contributes when absent, largest first
factors as (

    select
        *,
        row_number() over (
            partition by model_id
            order by {{ factor_size_order('absent_contribution', 'feature_order') }} desc
        ) as absent_rank

    from named_factors

),

base as (

    select
        active_versions.model_id,
        active_versions.model_version,
        active_versions.intercept + coalesce(sum(factors.absent_contribution), 0) as base_z,
        active_versions.calibration_a,
        active_versions.calibration_b

    from active_versions
    inner join models
        on active_versions.model_id = models.model_id
    left join factors
        on active_versions.model_id = factors.model_id
    group by
        active_versions.model_id,
        active_versions.model_version,
        active_versions.intercept,
        active_versions.calibration_a,
        active_versions.calibration_b

),

persons as (

    select
        score_date,
        lead_id

    from {{ ref('int_leads_scored_on_date') }}
    where score_date = {{ score_date() }}

),

present as (

    select
        features.score_date,
        features.lead_id,
        factors.model_id,
        factors.feature,
        factors.feature_order,
        factors.absent_rank,
        factors.weight * features.feature_value as moved,
        factors.absent_contribution + factors.weight * features.feature_value as contribution

    from {{ ref('int_predictive_features') }} as features
    inner join factors
        on
            features.model_id = factors.model_id
            and features.feature = factors.feature
    where features.score_date = {{ score_date() }}

),

present_counts as (

    select
        model_id,
        lead_id,
        count(*) as features_present,
        {%- for first in first_ranks %}
            count(case when absent_rank <= {{ first }} then 1 end) as present_in_first_{{ first }},
        {%- endfor %}
        sum(moved) as moved

    from present
    group by model_id, lead_id

),

z_scores as (

    select
        persons.score_date,
        base.model_id,
        base.model_version,
        persons.lead_id,
        base.base_z + coalesce(present_counts.moved, 0) as z,
        base.calibration_a,
        base.calibration_b,
        -- how many of the first absent ranks hold the three largest absent features: 3 plus
        -- the present features among them. With n of its features among the first R ranks
        -- and 3 + n <= R, the first 3 + n ranks hold at least 3 absent ones; else all do
        -- within 3 + (present features).
        case
            {%- for first in first_ranks %}
                when 3 + present_counts.present_in_first_{{ first }} <= {{ first }}
                    then 3 + present_counts.present_in_first_{{ first }}
            {%- endfor %}
            else 3 + coalesce(present_counts.features_present, 0)
        end as absent_ranks_needed

    from persons
    cross join base
    left join present_counts
        on
            base.model_id = present_counts.model_id
            and persons.lead_id = present_counts.lead_id

),

-- where a lead's top three can start: what its last needed absent rank contributes (none when
-- there are fewer features); present features below it cannot reach the three
thresholds as (

    select
        z_scores.model_id,
        z_scores.lead_id,
        z_scores.absent_ranks_needed,
        {{ factor_size_order('factors.absent_contribution', 'factors.feature_order') }}
            as lowest_order

    from z_scores
    left join factors
        on
            z_scores.model_id = factors.model_id
            and z_scores.absent_ranks_needed = factors.absent_rank

),

candidates as (

    select
        present.model_id,
        present.lead_id,
        present.feature,
        present.feature_order,
        present.contribution

    from present
    inner join thresholds
        on
            present.model_id = thresholds.model_id
            and present.lead_id = thresholds.lead_id
    where
        thresholds.lowest_order is null
        or {{ factor_size_order('present.contribution', 'present.feature_order') }}
        >= thresholds.lowest_order

    union all

    select
        thresholds.model_id,
        thresholds.lead_id,
        factors.feature,
        factors.feature_order,
        factors.absent_contribution as contribution

    from thresholds
    inner join factors
        on
            thresholds.model_id = factors.model_id
            and thresholds.absent_ranks_needed >= factors.absent_rank
    left join present
        on
            thresholds.model_id = present.model_id
            and thresholds.lead_id = present.lead_id
            and factors.feature_order = present.feature_order
    where present.feature_order is null

),

ranked_factors as (

    select
        model_id,
        lead_id,
        feature,
        contribution,
        row_number() over (
            partition by model_id, lead_id
            order by {{ factor_size_order('contribution', 'feature_order') }} desc
        ) as factor_rank

    from candidates

),

top_factors as (

    select
        model_id,
        lead_id,
        {{ top_three_columns('factor_rank', 'factor', 'factor') }}

    from (
        select
            model_id,
            lead_id,
            factor_rank,
            feature || ' ' || case when contribution < 0 then '-' else '+' end
            || cast(cast(abs(contribution) as decimal(18, 2)) as {{ dbt.type_string() }})
                as factor
        from ranked_factors
        where factor_rank <= 3
    ) as top_three
    group by model_id, lead_id

),

probabilities as (

    select
        z_scores.*,
        1 / (1 + exp(z_scores.calibration_a * z_scores.z + z_scores.calibration_b))
            as probability

    from z_scores

),

final as (

    select
        probabilities.score_date,
        cast(probabilities.model_id as {{ dbt.type_string() }}) as model_id,
        cast(probabilities.model_version as integer) as model_version,
        cast(probabilities.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(probabilities.probability as {{ type_double() }}) as probability,
        cast(100 * percent_rank() over (
            partition by probabilities.model_id order by probabilities.probability
        ) as decimal(5, 2)) as percentile,
        {{ top_three_joined('top_factors', 'factor') }} as top_factors

    from probabilities
    left join top_factors
        on
            probabilities.model_id = top_factors.model_id
            and probabilities.lead_id = top_factors.lead_id

)

select * from final
where {{ is_latest_score_date() }}
