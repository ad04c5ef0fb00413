{{ config(
    materialized='incremental',
    incremental_strategy='append',
    partition_by=date_partitions('activity_date'),
    on_schema_change='append_new_columns',
    pre_hook=[
        "{{ keep_replaced_aggregates(in_reload_scan('activity_date', 'int_activity_reload_dates')) }}",
        "{{ delete_reloaded_rows(
            in_reload_scan('activity_date', 'int_activity_reload_dates')
            ~ ' or ' ~ matcher_rows_replaced('matcher_id')) }}",
    ],
) }}

-- depends_on: {{ ref('int_activity_load_plan') }}
-- depends_on: {{ ref('int_activity_reload_dates') }}

-- The one scan of activities. Per matcher, lead and activity date: the matches that count after the
-- matcher's per-day limit (and all of them, `matches`: a person's duplicate leads share one limit),
-- and the first and last matching activity. Every sheet is scored from these rows, so points, caps,
-- decay, windows, weights and bands apply without reloading. Rows with a key, a timestamp and a
-- lead id count, one per key (int_activity_key_duplicates keeps the earliest), unless a bot rule
-- flags them (int_activity_bot_flags); which leads are accepted is decided where leads are scored,
-- so a lead loaded later needs no reload. URLs are matched once per distinct (type, URL), not per
-- row. Incremental: the reload dates (plan and repeated keys) for every matcher, and every date for
-- the matchers added since the last load.
{%- set matchers_added = false %}
{%- if execute and is_incremental() %}
    {%- set added_query %}
        select count(*) from {{ ref('int_activity_load_plan') }}
        where load_kind = 'matcher' and reason = 'matcher_added' and matcher_kind <> 'bot'
    {%- endset %}
    {%- set matchers_added = run_query(added_query).columns[0].values()[0] > 0 %}
{%- endif %}
{#- A daily load reads only the reload dates, a small batch, once; a load of every date (full,
    or with matchers added) reads the activities once per matcher kind instead: three smaller
    hash tables are four times faster than one at 100M activities, and a CTE of every row read
    three times would be materialised whole (docs/incremental.md). -#}
{%- set date_scoped = is_incremental() and not matchers_added %}
{%- set date_scope = in_reload_scan('activity_date', 'int_activity_reload_dates', 'occurred_at')
    if date_scoped else 'true' %}
{#- the matcher kinds each scan reads: "any activity" and the per-type counts of the
    predictive features share one (a type matcher matches what the any-activity matcher does,
    split by type) -#}
{%- set scans = {'rule': ['rule'], 'category': ['category'], 'activity': ['activity', 'type']} %}
{#- keys seen once, and the kept row of each repeated key; is_kept: it has a key, a timestamp
    and a lead, is not a repeat and no bot rule flags it (rows that do not count are left out inside the aggregates,
    not before the join: a filter there makes DuckDB think this side small and build its hash
    table on all activities instead of on the URL matches, three times slower) -#}
{%- set keyed_activities -%}
    select
        activities.lead_id,
        {{ normalize_text('activities.activity_type') }} as activity_type,
        activities.url,
        activities.occurred_at,
        activities.activity_date,
        (
            repeated_key_ids.activity_id is null
            and bot_flags.activity_id is null
            and not {{ is_blank('activities.activity_id') }}
            and activities.occurred_at is not null
            and activities.lead_id is not null
        ) as is_kept

    from {{ ref('stg_raw__activities') }} as activities
    left join repeated_key_ids
        on activities.activity_id = repeated_key_ids.activity_id
    left join bot_flags
        on activities.activity_id = bot_flags.activity_id
    where {{ date_scope }}

    union all

    select
        lead_id,
        {{ normalize_text('activity_type') }} as activity_type,
        url,
        occurred_at,
        activity_date,
        occurred_at is not null
        and lead_id is not null
        and bot_flags.activity_id is null as is_kept

    from repeated_keys
    left join bot_flags
        on repeated_keys.activity_id = bot_flags.activity_id
    where repeated_keys.key_rank = 1 and {{ date_scope }}
{%- endset %}
{%- set kept_matches = 'count(*) filter (where keyed.is_kept)' %}
with

repeated_keys as (

    select * from {{ ref('int_activity_key_duplicates') }}

),

repeated_key_ids as (

    select distinct activity_id from repeated_keys

),

bot_flags as (

    select activity_id from {{ ref('int_activity_bot_flags') }}

),

matchers as (

    select * from {{ ref('int_activity_matchers') }}
    where matcher_kind <> 'bot'

),

activity_types as (

    select activity_type from {{ ref('stg_seeds__activity_types') }}

),

{% if date_scoped %}
    keyed_activities as (

        {{ keyed_activities }}

    ),
{% endif %}

-- every (type, URL) of the rows in scope, kept or not: matched against the matchers once
distinct_urls as (

    select distinct
        {{ normalize_text('urls.activity_type') }} as activity_type,
        urls.url,
        activity_types.activity_type is not null as is_accepted_type

    from
        {{ 'keyed_activities' if date_scoped else ref('stg_raw__activities') }} as urls
    left join activity_types
        on {{ normalize_text('urls.activity_type') }} = activity_types.activity_type

),

-- rule matchers match their type; categories and "any activity" match every accepted type
url_matches as (

    select
        distinct_urls.activity_type,
        distinct_urls.url,
        matchers.matcher_id,
        matchers.matcher_kind,
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

{% for kind, scan_kinds in scans.items() %}
    {%- set kinds_sql = "'" ~ (scan_kinds | join("', '")) ~ "'" %}
    {% if not date_scoped %}
        {{ kind }}_keyed_activities as (

            {{ keyed_activities }}

        ),
    {% endif %}

    {{ kind }}_matches_daily as (

        select
            url_matches.matcher_id,
            keyed.lead_id,
            keyed.activity_date,
            {{ counted_per_day(kept_matches, 'url_matches.max_per_day') }} as occurrences,
            cast({{ kept_matches }} as integer) as matches,
            min(keyed.occurred_at) filter (where keyed.is_kept) as first_activity_at,
            max(keyed.occurred_at) filter (where keyed.is_kept) as last_activity_at

        from {{ 'keyed_activities' if date_scoped else kind ~ '_keyed_activities' }} as keyed
        inner join url_matches
            on
                keyed.activity_type = url_matches.activity_type
                and coalesce(keyed.url, '') = coalesce(url_matches.url, '')
                and (keyed.url is null) = (url_matches.url is null)
                and url_matches.matcher_kind in ({{ kinds_sql }})
        {% if is_incremental() and matchers_added %}
            where
                {{ in_reload_scan('keyed.activity_date', 'int_activity_reload_dates') }}
                or {{ matcher_changed('url_matches.matcher_id') }}
        {% endif %}
        group by
            url_matches.matcher_id,
            keyed.lead_id,
            keyed.activity_date,
            url_matches.max_per_day
        having {{ kept_matches }} > 0

    ),

{% endfor %}
final as (

    {% for kind in scans %}
        select * from {{ kind }}_matches_daily
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
