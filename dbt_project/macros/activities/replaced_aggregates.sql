{#- The daily aggregates a reload replaces, kept as they were (docs/incremental.md, "Decayed
    sums"): the running sums took them in, and must take them out again. Table
    int_activities_replaced (source load_state) is written by the pre-hook of
    int_activities_matched_daily, in its transaction, before the rows are deleted, so whatever
    selection runs the reload keeps them. Each reload is a numbered load, with a row per
    reloaded date even where it had none (matcher_id null); a load stays until the sums have
    taken it in. -#}
{% macro keep_replaced_aggregates(reloaded_dates) -%}
    {%- if not is_incremental() -%}{{ return('') }}{%- endif -%}
    {%- set replaced = source('load_state', 'int_activities_replaced') -%}
    {%- set consumed = rule_sums_consumed_load_id() -%}
    {%- call statement('create_replaced_aggregates') -%}
        create table if not exists {{ replaced }} (
            load_id bigint,
            activity_date date,
            matcher_id bigint,
            lead_id {{ dbt.type_string() }},
            occurrences integer,
            first_activity_at {{ dbt.type_timestamp() }},
            last_activity_at {{ dbt.type_timestamp() }}
        ) {{ 'using ' ~ var('spark_table_format') if target.type == 'spark' }}
    {%- endcall -%}
    {#- the run's relation cache was read before the table may have been created -#}
    {%- do adapter.cache_added(replaced.incorporate(type='table')) -%}
    {%- if consumed is not none -%}
        {%- do delete_rows(replaced, 'load_id <= ' ~ consumed) -%}
    {%- endif -%}
    {%- call statement('keep_replaced_aggregates') -%}
        insert into {{ replaced }}
        with

        this_load as (

            select coalesce(max(load_id), {{ consumed or 0 }}) + 1 as load_id
            from {{ replaced }}

        )

        select
            this_load.load_id,
            reloaded.activity_date,
            cast(null as bigint) as matcher_id,
            cast(null as {{ dbt.type_string() }}) as lead_id,
            cast(null as integer) as occurrences,
            cast(null as {{ dbt.type_timestamp() }}) as first_activity_at,
            cast(null as {{ dbt.type_timestamp() }}) as last_activity_at
        from {{ ref('int_activity_reload_dates') }} as reloaded
        cross join this_load
        where reloaded.activity_date is not null

        union all

        select
            this_load.load_id,
            aggregates.activity_date,
            aggregates.matcher_id,
            aggregates.lead_id,
            aggregates.occurrences,
            aggregates.first_activity_at,
            aggregates.last_activity_at
        from {{ this }} as aggregates
        cross join this_load
        where {{ reloaded_dates }}
    {%- endcall -%}
{%- endmacro %}

{#- The kept loads, for the sums to read; none before the first reload. Also after a full
    refresh: the sums, summed afresh, take in every load there is. -#}
{% macro replaced_aggregates() -%}
    {{ load_state('int_activities_replaced',
        ['load_id', 'activity_date', 'matcher_id', 'lead_id', 'occurrences',
            'first_activity_at', 'last_activity_at'],
        no_replaced_aggregates(), kept_on_full_refresh=true) }}
{%- endmacro %}

{% macro no_replaced_aggregates() -%}
    select
        cast(null as bigint) as load_id,
        cast(null as date) as activity_date,
        cast(null as bigint) as matcher_id,
        cast(null as {{ dbt.type_string() }}) as lead_id,
        cast(null as integer) as occurrences,
        cast(null as {{ dbt.type_timestamp() }}) as first_activity_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_activity_at
    where 1 = 0
{%- endmacro %}
