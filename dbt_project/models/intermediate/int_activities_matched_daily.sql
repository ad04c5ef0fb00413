{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_reloaded_rows(
        in_matched_reload_dates('activity_date') ~ ' or ' ~ matcher_changed('matcher_id')) }}",
) }}

-- depends_on: {{ ref('int_activity_load_plan') }}

-- The one scan of activities. Per matcher, lead and activity date: the matches that count after
-- the matcher's per-day limit, and the first and last matching activity. Every sheet is scored
-- from these rows, so points, caps, decay, windows, weights and bands apply without reloading.
-- Rows with a key, a timestamp and a lead id count, one per key (int_activity_key_duplicates
-- keeps the earliest); which leads are accepted is decided where leads are scored, so a lead
-- loaded later needs no reload. URLs are matched once per distinct (type, URL), not per row.
-- Incremental: the reload dates (plan and repeated keys) for every matcher, and every date for
-- the matchers added since the last load.
{%- set matchers_added = false %}
{%- if execute and is_incremental() %}
    {%- set added_query %}
        select count(*) from {{ ref('int_activity_load_plan') }}
        where load_kind = 'matcher' and reason = 'matcher_added'
    {%- endset %}
    {%- set matchers_added = run_query(added_query).columns[0].values()[0] > 0 %}
{%- endif %}
{#- without matchers added, only the reload dates are read at all #}
{%- set date_scope = in_matched_reload_dates('activity_date')
    if is_incremental() and not matchers_added else 'true' %}
{#- activities are read twice, each time directly: DuckDB materialises a CTE read twice -#}
{%- set activities = ref('base_raw__activities') %}
with

repeated_keys as (

    select * from {{ ref('int_activity_key_duplicates') }}

),

repeated_key_ids as (

    select distinct activity_id from repeated_keys

),

matchers as (

    select * from {{ ref('int_activity_matchers') }}

),

activity_types as (

    select activity_type from {{ ref('stg_seeds__activity_types') }}

),

-- keys seen once, and the kept row of each repeated key
keyed_activities as (

    select
        activities.lead_id,
        {{ normalize_text('activities.activity_type') }} as activity_type,
        activities.url,
        activities.occurred_at,
        activities.activity_date

    from {{ activities }} as activities
    left join repeated_key_ids
        on activities.activity_id = repeated_key_ids.activity_id
    where
        repeated_key_ids.activity_id is null
        and trim(activities.activity_id) <> ''
        and activities.occurred_at is not null
        and activities.lead_id is not null
        and {{ date_scope }}

    union all

    select
        lead_id,
        {{ normalize_text('activity_type') }} as activity_type,
        url,
        occurred_at,
        activity_date

    from repeated_keys
    where
        key_rank = 1
        and occurred_at is not null
        and lead_id is not null
        and {{ date_scope }}

),

-- every (type, URL) of the rows in scope, of kept rows or not: matched against the matchers once
distinct_urls as (

    select distinct
        {{ normalize_text('urls.activity_type') }} as activity_type,
        urls.url,
        activity_types.activity_type is not null as is_accepted_type

    from {{ activities }} as urls
    left join activity_types
        on {{ normalize_text('urls.activity_type') }} = activity_types.activity_type
    where {{ date_scope }}

),

-- rule matchers match their type; categories and "any activity" match every accepted type
url_matches as (

    select
        distinct_urls.activity_type,
        distinct_urls.url,
        matchers.matcher_id,
        matchers.max_per_day

    from distinct_urls
    inner join matchers
        on
            (
                distinct_urls.activity_type = matchers.activity_type
                or (matchers.activity_type is null and distinct_urls.is_accepted_type)
            )
            and (
                matchers.url_pattern is null
                or {{ like_ci('distinct_urls.url', 'matchers.url_pattern') }}
            )

),

matches as (

    select
        url_matches.matcher_id,
        url_matches.max_per_day,
        keyed_activities.lead_id,
        keyed_activities.activity_date,
        keyed_activities.occurred_at

    from keyed_activities
    inner join url_matches
        on
            keyed_activities.activity_type = url_matches.activity_type
            and coalesce(keyed_activities.url, '') = coalesce(url_matches.url, '')
            and (keyed_activities.url is null) = (url_matches.url is null)
    {% if is_incremental() and matchers_added %}
        where
            {{ in_matched_reload_dates('keyed_activities.activity_date') }}
            or {{ matcher_changed('url_matches.matcher_id') }}
    {% endif %}

),

final as (

    select
        matcher_id,
        lead_id,
        activity_date,
        cast(case
            when max_per_day is null or count(*) <= max_per_day then count(*)
            else max_per_day
        end as integer) as occurrences,
        min(occurred_at) as first_activity_at,
        max(occurred_at) as last_activity_at

    from matches
    group by matcher_id, lead_id, activity_date, max_per_day

)

select * from final
