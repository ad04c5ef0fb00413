{{ config(meta={'dagster': {'ref': {'name': 'rejected_records'}}}) }}

-- Nothing is lost: for every source, accepted rows + rejected rows = raw rows.
{%- set sources = [
    ('leads', 'stg_raw__leads'),
    ('accounts', 'stg_raw__accounts'),
    ('activities', 'stg_raw__activities'),
    ('opportunities', 'stg_raw__opportunities')] %}
with

counts as (

    {% for table, staging in sources %}
        select
            '{{ table }}' as source_table,
            (select count(*) from {{ source('raw', table) }}) as raw_rows,
            (select count(*) from {{ ref(staging) }}) as accepted_rows,
            (
                select count(*) from {{ ref('rejected_records') }}
                where source_table = '{{ table }}'
            ) as rejected_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select *
from counts
where accepted_rows + rejected_rows <> raw_rows
