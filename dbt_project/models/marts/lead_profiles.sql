-- Shows the latest score date: a run for an earlier one leaves it as it was
-- (macros/latest_score_date.sql).
{{ config(**latest_score_date_mart()) }}

-- One wide row per lead scored on the primary sheet, which a BI tool or the CRM sync shows as
-- it is: who the lead is, its account, its score and how far it is from an MQL, and why it
-- scores what it does. With var publish_email false the e-mail column is null, so the BI role
-- reads no address.
with

scores as (

    select * from {{ ref('int_lead_scores_on_date') }}
    where score_date = {{ score_date() }}

),

primary_sheet as (

    select * from {{ ref('stg_seeds__score_sheets') }}
    where is_primary

),

leads as (

    select * from {{ ref('int_leads_scored_on_date') }}
    where score_date = {{ score_date() }}

),

accounts as (

    select * from {{ ref('stg_raw__accounts') }}

),

interests as (

    select * from {{ ref('int_lead_interests_on_date') }}

),

-- the primary sheet's predictive model, when one is active (the first by id if several are)
probabilities as (

    select
        predictive_scores.lead_id,
        predictive_scores.probability

    from {{ ref('predictive_scores') }} as predictive_scores
    where
        predictive_scores.score_date = {{ score_date() }}
        and predictive_scores.model_id = (
            select min(models.model_id)
            from {{ ref('stg_seeds__predictive_models') }} as models
            inner join {{ ref('stg_seeds__score_sheets') }} as sheets
                on models.feature_sheet_id = sheets.sheet_id
            where models.is_active and sheets.is_primary
        )

),

reasons as (

    select
        lead_id,
        {{ top_three_columns('reason_rank', 'reason', 'reason') }}

    from (
        select
            lead_id,
            reason_rank,
            rule_id || ' ' || case when points > 0 then '+' else '' end
            || cast(points as {{ dbt.type_string() }}) as reason
        from {{ ref('lead_score_reasons') }}
    ) as formatted
    group by lead_id

),

final as (

    select
        scores.score_date,
        cast(leads.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(
            {% if var('publish_email') %}leads.email{% else %}null{% endif %}
            as {{ dbt.type_string() }}
        ) as email,
        cast(leads.job_title as {{ dbt.type_string() }}) as job_title,
        cast(leads.seniority as {{ dbt.type_string() }}) as seniority,
        cast(leads.country as {{ dbt.type_string() }}) as country,
        cast(leads.lead_source as {{ dbt.type_string() }}) as lead_source,
        cast(leads.account_id as {{ dbt.type_string() }}) as account_id,
        cast(accounts.account_name as {{ dbt.type_string() }}) as account_name,
        cast(accounts.industry as {{ dbt.type_string() }}) as industry,
        cast(accounts.employee_count as integer) as employee_count,
        scores.total_score,
        cast(scores.tier as {{ dbt.type_string() }}) as tier,
        cast(scores.grade as {{ dbt.type_string() }}) as grade,
        cast(scores.score_matrix as {{ dbt.type_string() }}) as score_matrix,
        scores.is_mql,
        cast(case
            when scores.is_mql then 0
            else primary_sheet.mql_threshold - scores.total_score
        end as decimal(18, 2)) as points_to_mql,
        {{ top_three_joined('reasons', 'reason') }} as top_reasons,
        interests.last_activity_at,
        probabilities.probability as conversion_probability

    from scores
    inner join primary_sheet
        on scores.sheet_id = primary_sheet.sheet_id
    inner join leads
        on scores.lead_id = leads.lead_id
    left join accounts
        on leads.account_id = accounts.account_id
    left join reasons
        on scores.lead_id = reasons.lead_id
    left join interests
        on scores.lead_id = interests.lead_id
    left join probabilities
        on scores.lead_id = probabilities.lead_id

)

select * from final
where {{ is_latest_score_date() }}
