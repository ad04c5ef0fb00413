-- Every raw row that staging excluded, with the reason. With the accepted rows in staging,
-- this accounts for every raw row of every source.
{%- set sources = [
    ('leads', 'lead_id'),
    ('accounts', 'account_id'),
    ('activities', 'activity_id'),
    ('opportunities', 'opportunity_id')] %}
with

{% for table, key in sources %}
    rejected_{{ table }} as (

        select
            '{{ table }}' as source_table,
            {{ key }} as record_id,
            rejection_reason as reason

        from {{ ref('base_raw__' ~ table) }}
        where rejection_reason is not null

    ),

{% endfor %}
unioned as (

    {% for table, key in sources %}
        select * from rejected_{{ table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(record_id as {{ dbt.type_string() }}) as record_id,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as detected_at

    from unioned

)

select * from final
