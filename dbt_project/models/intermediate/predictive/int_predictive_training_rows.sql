{{ config(tags=['predictive_training']) }}

-- The rows a predictive model learns from (contract §9), on each date of a training run (var
-- score_dates; orchestration/predictive/training_set.py picks dates whose horizon has
-- closed): per model and scored person, whether an opportunity of the person (its merged
-- leads' included, as merged on the date) was created within horizon_days after the date,
-- and the feature sheet's total_score on the date, which the model is compared with. A person
-- with an opportunity on or before the date is left out: nothing is left to predict. The
-- label reads opportunities created after the date; the features (int_predictive_features)
-- never do.
with

models as (

    select
        model_id,
        feature_sheet_id,
        horizon_days

    from {{ ref('stg_seeds__predictive_models') }}

),

persons as (

    select
        score_date,
        lead_id

    from {{ ref('int_leads_scored_on_date') }}

),

identities as (

    select
        score_date,
        lead_id,
        person_id

    from {{ ref('int_lead_identities_on_date') }}

),

opportunities as (

    select
        lead_id,
        cast(created_at as date) as created_on

    from {{ ref('stg_raw__opportunities') }}
    where lead_id is not null and created_at is not null

),

first_opportunities as (

    select
        identities.score_date,
        identities.person_id as lead_id,
        min(opportunities.created_on) as first_opportunity_on

    from opportunities
    inner join identities
        on opportunities.lead_id = identities.lead_id
    group by identities.score_date, identities.person_id

),

rules_scores as (

    select
        score_date,
        sheet_id,
        lead_id,
        total_score

    from {{ ref('int_lead_scores_on_date') }}

),

final as (

    select
        persons.score_date,
        models.model_id,
        persons.lead_id,
        coalesce(
            {{ dbt.datediff('persons.score_date', 'first_opportunities.first_opportunity_on',
                'day') }} <= models.horizon_days,
            false
        ) as converted,
        rules_scores.total_score as rules_score

    from persons
    cross join models
    left join first_opportunities
        on
            persons.score_date = first_opportunities.score_date
            and persons.lead_id = first_opportunities.lead_id
    left join rules_scores
        on
            persons.score_date = rules_scores.score_date
            and models.feature_sheet_id = rules_scores.sheet_id
            and persons.lead_id = rules_scores.lead_id
    where
        first_opportunities.first_opportunity_on is null
        or first_opportunities.first_opportunity_on > persons.score_date

)

select * from final
