-- Everything activities are matched against, once each: the criteria of behaviour rules (shared
-- by the rules of any sheet that have the same type, URL pattern and per-day limit), content
-- categories, "any accepted activity" and each accepted type. Categories and "any" count
-- accepted types only, so their ids include the list of accepted types: a change to
-- activity_types.csv makes new matchers, which int_activities_matched_daily then loads. Bot
-- rules are listed too (kind `bot`), so that the load plan sees them change: they match nothing
-- themselves.
with

behavior_rules as (

    select * from {{ ref('stg_seeds__behavior_rules') }}

),

content_categories as (

    select * from {{ ref('stg_seeds__content_categories') }}

),

bot_rules as (

    select * from {{ ref('stg_seeds__bot_rules') }}

),

activity_types as (

    select * from {{ ref('stg_seeds__activity_types') }}

),

accepted_types as (

    select
        {{ dbt.listagg('activity_type', "'|'", 'order by activity_type') }} as type_list

    from activity_types

),

rule_matchers as (

    select distinct
        matcher_id,
        'rule' as matcher_kind,
        activity_type,
        url_pattern,
        max_per_day,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as integer) as funnel_stage_rank

    from behavior_rules

),

category_matchers as (

    select distinct
        {{ activity_matcher_id(
            'category', 'null', 'content_categories.url_pattern', 'null',
            dbt.concat([
                "coalesce(content_categories.category, '')", "'|'",
                "coalesce(content_categories.funnel_stage, '')", "'|'",
                'accepted_types.type_list'])
        ) }} as matcher_id,
        'category' as matcher_kind,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        content_categories.url_pattern,
        cast(null as integer) as max_per_day,
        content_categories.category,
        content_categories.funnel_stage_rank

    from content_categories
    cross join accepted_types

),

any_activity_matcher as (

    select
        {{ activity_matcher_id('activity', 'null', 'null', 'null', 'type_list') }} as matcher_id,
        'activity' as matcher_kind,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        cast(null as {{ dbt.type_string() }}) as url_pattern,
        cast(null as integer) as max_per_day,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as integer) as funnel_stage_rank

    from accepted_types

),

-- one per accepted type: the activity counts by type of the predictive features (contract §9)
type_matchers as (

    select
        {{ activity_matcher_id('type', 'activity_type', 'null', 'null') }} as matcher_id,
        'type' as matcher_kind,
        activity_type,
        cast(null as {{ dbt.type_string() }}) as url_pattern,
        cast(null as integer) as max_per_day,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as integer) as funnel_stage_rank

    from activity_types

),

bot_matchers as (

    select
        {{ activity_matcher_id(
            'bot', 'activity_type', 'pattern', 'max_events',
            dbt.concat([
                "coalesce(rule_id, '')", "'|'", "coalesce(kind, '')", "'|'",
                'cast(within_seconds as ' ~ dbt.type_string() ~ ')'])
        ) }} as matcher_id,
        'bot' as matcher_kind,
        cast(null as {{ dbt.type_string() }}) as activity_type,
        cast(null as {{ dbt.type_string() }}) as url_pattern,
        cast(null as integer) as max_per_day,
        cast(null as {{ dbt.type_string() }}) as category,
        cast(null as integer) as funnel_stage_rank

    from bot_rules

),

final as (

    select * from rule_matchers
    union all
    select * from category_matchers
    union all
    select * from any_activity_matcher
    union all
    select * from type_matchers
    union all
    select * from bot_matchers

)

select * from final
