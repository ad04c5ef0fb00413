{{ config(meta={
    'dagster': {'ref': {'name': 'rejected_records'}},
    'description': 'Nothing is lost: accepted + rejected rows = raw rows, for every source.',
}) }}

-- Nothing is lost: for every source, accepted rows + rejected rows = raw rows. Accepted
-- activities are those the incremental load counted under "any accepted activity" for an
-- accepted lead, so this also checks that incremental loads lose and repeat nothing.
{%- set keyed_sources = [
    ('leads', 'stg_raw__leads'),
    ('accounts', 'stg_raw__accounts'),
    ('opportunities', 'stg_raw__opportunities'),
    ('lead_merges', 'stg_raw__lead_merges')] %}
with

accepted_activities as (

    select daily_matches.occurrences
    from {{ ref('int_activities_matched_daily') }} as daily_matches
    inner join {{ ref('int_activity_matchers') }} as matchers
        on
            daily_matches.matcher_id = matchers.matcher_id
            and matchers.matcher_kind = 'activity'
    inner join {{ ref('stg_raw__leads') }} as leads
        on daily_matches.lead_id = leads.lead_id

),

counts as (

    {% for table, staging in keyed_sources %}
        select
            '{{ table }}' as source_table,
            {#- lead_merges is optional: a warehouse without it has none -#}
            {% if relation_exists(source('raw', table)) -%}
                (select count(*) from {{ source('raw', table) }})
            {%- else -%}
                0
            {%- endif %} as raw_rows,
            (select count(*) from {{ ref(staging) }}) as accepted_rows,
            (
                select count(*) from {{ ref('rejected_records') }}
                where source_table = '{{ table }}'
            ) as rejected_rows
        union all
    {% endfor %}
    select
        'activities' as source_table,
        (select count(*) from {{ source('raw', 'activities') }}) as raw_rows,
        (select coalesce(sum(occurrences), 0) from accepted_activities) as accepted_rows,
        (
            select count(*) from {{ ref('rejected_records') }}
            where source_table = 'activities'
        ) as rejected_rows

)

select *
from counts
where accepted_rows + rejected_rows <> raw_rows
