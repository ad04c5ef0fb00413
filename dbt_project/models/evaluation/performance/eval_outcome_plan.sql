-- Internal to the evaluation layer: in schema evaluation, not published to BI.
{{ config(schema='evaluation', grants={'select': []}, contract={'enforced': false}) }}

-- What this run does with each evaluated date of score_outcomes and eval_outcome_counts:
-- evaluate it (newly evaluated as of D, its history rewritten since, or evaluated otherwise
-- before), keep it as the last run left it, or drop it (not an evaluated date as of D). A
-- date's outcomes are kept while its history is as it was (same fingerprint), the vars that
-- choose and evaluate the dates are the same, D has not gone back, and the first
-- opportunities up to the last run's D are as that run saw them (none loaded late, corrected
-- or removed); otherwise every date is evaluated again. A daily run evaluates one date.
with

history_dates as (

    select
        score_date,
        fingerprint
    from {{ ref('lead_score_history_dates') }}

),

evaluated_dates as (

    select
        score_date,
        fingerprint
    from history_dates
    where {{ is_evaluated_date('score_date') }}

),

first_opportunities as (

    select * from {{ ref('eval_first_opportunities') }}

),

last_run as (

    {{ load_state(
        'eval_outcome_dates_evaluated',
        ['score_date', 'history_fingerprint', 'evaluated_on', 'settings',
            'opportunities_fingerprint'],
        'select score_date, fingerprint as history_fingerprint, score_date as evaluated_on, cast('
        ~ 'null as ' ~ dbt.type_string() ~ ') as settings, fingerprint as '
        ~ 'opportunities_fingerprint from history_dates where false',
        source_name='evaluation_state',
    ) }}

),

last_settings as (

    select
        max(evaluated_on) as evaluated_on,
        max(settings) as settings,
        max(opportunities_fingerprint) as opportunities_fingerprint
    from last_run

),

-- the first opportunities the last run saw (those opened by its D), as they are now
opportunities_then as (

    select
        {{ rows_fingerprint([
            'first_opportunities.lead_id', 'first_opportunities.first_opportunity_on'
        ]) }} as fingerprint
    from first_opportunities
    inner join last_settings
        on first_opportunities.first_opportunity_on <= last_settings.evaluated_on

),

last_run_holds as (

    select
        coalesce(
            last_settings.settings = '{{ evaluation_settings() }}'
            and last_settings.evaluated_on <= {{ score_date() }}
            and coalesce(last_settings.opportunities_fingerprint, 0)
            = coalesce(opportunities_then.fingerprint, 0),
            false
        ) as still_holds

    from last_settings
    cross join opportunities_then

),

final as (

    select
        coalesce(evaluated_dates.score_date, last_run.score_date) as score_date,
        case
            when evaluated_dates.score_date is null then 'drop'
            when
                last_run_holds.still_holds
                and last_run.history_fingerprint = evaluated_dates.fingerprint
                then 'keep'
            else 'evaluate'
        end as action

    from evaluated_dates
    full outer join last_run
        on evaluated_dates.score_date = last_run.score_date
    cross join last_run_holds

)

select * from final
