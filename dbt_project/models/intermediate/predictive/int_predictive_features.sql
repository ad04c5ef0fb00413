{{ config(tags=['daily']) }}

-- The features of each predictive model (contract §9) per score date of the run and person: one row
-- per feature that is not zero (an absent feature is 0). Everything comes from what was known
-- on the date: the ledger of the model's feature sheet on that date, the daily activity
-- aggregates up to the end of the date (bots and repeated keys already left out), a merged
-- lead's activities counted for its person, and the lead's fields as staged. The same SQL serves
-- the daily run (one date) and training or backtests (var score_dates, many dates).
--   behavior:<rule>            the rule's decayed, capped points over its points: occurrences
--                              as the ledger counts them
--   profile:<rule>             1 when the profile rule matches
--   type:<type>:<n>d           activities of the type in the n days up to the date (7, 30, 90)
--   category:<category>:<n>d   pages of the content category in those days
--   days_since_last_activity   0 to 365 (365: none, or longer ago)
--   days_since_created         0 to 365 (365: no creation date, or longer ago)
--   seniority:, industry:, employee_band:, lead_source:<value>, free_email   1 when so
{%- set windows = [7, 30, 90] %}
with

active_versions as (

    select model_id from {{ ref('int_predictive_versions') }}
    where is_active

),

-- A training set or a backtest (many dates) needs every model's features; a daily run only
-- those of models with an active version, the ones predictive_scores scores: until the first
-- training, a daily run computes none.
models as (

    select
        models.model_id,
        models.feature_sheet_id

    from {{ ref('stg_seeds__predictive_models') }} as models
    {%- if not scores_many_dates() %}
    inner join active_versions
        on models.model_id = active_versions.model_id
    {%- endif %}

),

persons as (

    select
        score_date,
        lead_id,
        seniority,
        industry,
        employee_count,
        lead_source,
        email_domain_type,
        created_at

    from {{ ref('int_leads_scored_on_date') }}
    -- no model, no person: DuckDB then skips every join below instead of computing features
    -- it would drop at the end
    where exists (select 1 from models)

),

identities as (

    select
        score_date,
        lead_id,
        person_id

    from {{ ref('int_lead_identities_on_date') }}

),

behavior_rules as (

    select
        sheet_id,
        rule_id,
        points

    from {{ ref('stg_seeds__behavior_rules') }}

),

behavior_points as (

    select
        score_date,
        sheet_id,
        rule_id,
        lead_id,
        points

    from {{ ref('int_behavior_points_by_rule') }}

),

profile_matches as (

    select
        sheet_id,
        rule_id,
        entity_id as lead_id,
        valid_from,
        valid_to

    from {{ ref('int_profile_rules_matched') }}
    where entity_type = 'lead'

),

matchers as (

    select
        matcher_id,
        matcher_kind,
        coalesce(activity_type, category) as matched

    from {{ ref('int_activity_matchers') }}
    where matcher_kind in ('type', 'category', 'activity')

),

-- each scored person's activities of the type and category matchers in the longest window up
-- to each run date
recent_days as (

    select
        person_days.score_date,
        person_days.lead_id,
        person_days.matcher_kind,
        person_days.matched,
        person_days.days_before,
        person_days.matches

    {{ person_days(['type', 'category']) }}
    where person_days.days_before < {{ windows | max }}

),

-- the counts of every window in one pass over the days, then a row per window
window_sums as (

    select
        score_date,
        lead_id,
        matcher_kind,
        matched,
        {%- for days in windows %}
            sum(case when days_before < {{ days }} then matches else 0 end) as in_{{ days }}d
            {%- if not loop.last %},{% endif %}
        {%- endfor %}

    from recent_days
    group by score_date, lead_id, matcher_kind, matched

),

window_counts as (

    {% for days in windows %}
        select
            score_date,
            lead_id,
            matcher_kind || ':' || matched || ':{{ days }}d' as feature,
            cast(in_{{ days }}d as {{ type_double() }}) as feature_value

        from window_sums
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- days since the person's last activity of any kind, within the 365 the feature counts
last_activity as (

    select
        person_days.score_date,
        person_days.lead_id,
        min(person_days.days_before) as days_before

    {{ person_days(['activity']) }}
    where person_days.days_before < 365
    group by person_days.score_date, person_days.lead_id

),

person_features as (

    select
        persons.score_date,
        persons.lead_id,
        'days_since_last_activity' as feature,
        cast(least(coalesce(last_activity.days_before, 365), 365) as {{ type_double() }})
            as feature_value

    from persons
    left join last_activity
        on
            persons.score_date = last_activity.score_date
            and persons.lead_id = last_activity.lead_id

    union all

    select
        score_date,
        lead_id,
        'days_since_created' as feature,
        cast(least(
            coalesce(
                {{ epoch_day('score_date') }}
                - {{ epoch_day('cast(created_at as date)') }},
                365
            ),
            365
        ) as {{ type_double() }}) as feature_value

    from persons

    union all

    select
        score_date,
        lead_id,
        'seniority:' || seniority as feature,
        cast(1 as {{ type_double() }}) as feature_value
    from persons
    where seniority is not null

    union all

    select
        score_date,
        lead_id,
        'industry:' || industry as feature,
        cast(1 as {{ type_double() }}) as feature_value
    from persons
    where industry is not null

    union all

    select
        score_date,
        lead_id,
        'employee_band:' || {{ employee_band('employee_count') }} as feature,
        cast(1 as {{ type_double() }}) as feature_value
    from persons
    where employee_count is not null

    union all

    select
        score_date,
        lead_id,
        'lead_source:' || lead_source as feature,
        cast(1 as {{ type_double() }}) as feature_value
    from persons
    where lead_source is not null

    union all

    select
        score_date,
        lead_id,
        'free_email' as feature,
        cast(1 as {{ type_double() }}) as feature_value
    from persons
    where email_domain_type = 'free'

    union all

    select
        score_date,
        lead_id,
        feature,
        feature_value
    from window_counts

),

sheet_features as (

    select
        behavior_points.score_date,
        behavior_points.sheet_id,
        behavior_points.lead_id,
        'behavior:' || behavior_points.rule_id as feature,
        cast(behavior_points.points as {{ type_double() }})
        / abs(cast(behavior_rules.points as {{ type_double() }})) as feature_value

    from behavior_points
    inner join behavior_rules
        on
            behavior_points.sheet_id = behavior_rules.sheet_id
            and behavior_points.rule_id = behavior_rules.rule_id
    where behavior_rules.points <> 0

    union all

    select
        persons.score_date,
        profile_matches.sheet_id,
        persons.lead_id,
        'profile:' || profile_matches.rule_id as feature,
        cast(1 as {{ type_double() }}) as feature_value

    from profile_matches
    inner join persons
        on
            profile_matches.lead_id = persons.lead_id
            and {{ in_force_on('profile_matches', 'persons.score_date') }}

),

final as (

    select
        person_features.score_date,
        models.model_id,
        person_features.lead_id,
        person_features.feature,
        person_features.feature_value

    from person_features
    cross join models
    where person_features.feature_value <> 0

    union all

    select
        sheet_features.score_date,
        models.model_id,
        sheet_features.lead_id,
        sheet_features.feature,
        sheet_features.feature_value

    from sheet_features
    inner join models
        on sheet_features.sheet_id = models.feature_sheet_id
    where sheet_features.feature_value <> 0

)

select * from final
