{#- Pre-hook of the incremental models that replace a scope of their rows (append strategy):
    the activity models (their reloaded dates) and the marts of the latest score date (all of
    their rows, or none). Before the new batch is appended, delete the rows it replaces, also
    those for which the batch has no row. Rendered when the model runs, in its transaction.
    The predicate is never null (keys and dates are coalesced), so `not` keeps the others. -#}
{% macro delete_reloaded_rows(predicate) -%}
    {%- if is_incremental() -%}
        {{ return(adapter.dispatch('delete_reloaded_rows', 'lead_scoring')(predicate)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__delete_reloaded_rows(predicate) -%}
    delete from {{ this }} where {{ predicate }}
{%- endmacro %}

{#- Spark tables on Parquet cannot delete rows: see spark__delete_rows. The statements run
    here, one at a time as Spark takes them; the hook itself is then empty. -#}
{% macro spark__delete_reloaded_rows(predicate) -%}
    {%- set partition_by = config.get('partition_by') -%}
    {%- do spark__delete_rows(
        this, predicate,
        (partition_by if partition_by is string else partition_by[0]) if partition_by else none
    ) -%}
{%- endmacro %}

{#- Delete the rows of `relation` where `predicate` holds, now. -#}
{% macro delete_rows(relation, predicate) -%}
    {{ return(adapter.dispatch('delete_rows', 'lead_scoring')(relation, predicate)) }}
{%- endmacro %}

{% macro default__delete_rows(relation, predicate) -%}
    {%- do run_query('delete from ' ~ relation ~ ' where ' ~ predicate) -%}
{%- endmacro %}

{#- On Spark, the rows to keep of the partitions (of `partition_column`) holding rows to delete
    are copied aside, those partitions dropped (a whole unpartitioned table overwritten) and the
    kept rows put back: only those partitions are rewritten. -#}
{% macro spark__delete_rows(relation, predicate, partition_column=none) -%}
    {%- set kept = api.Relation.create(
        schema=relation.schema, identifier=relation.identifier ~ '__dbt_kept', type='table') -%}
    {%- set affected = none -%}
    {%- if partition_column -%}
        {%- set affected_query -%}
            select distinct cast({{ partition_column }} as string)
            from {{ relation }} where {{ predicate }}
        {%- endset -%}
        {%- set affected = run_query(affected_query).columns[0].values() -%}
        {%- if affected | length == 0 -%}{{ return('') }}{%- endif -%}
    {%- endif -%}
    {%- set partitions = [] -%}
    {%- for value in affected or [] -%}
        {%- do partitions.append(partition_column ~ " = '" ~ value ~ "'") -%}
    {%- endfor -%}
    {%- do run_query('drop table if exists ' ~ kept) -%}
    {%- call statement('copy_kept_rows') -%}
        create table {{ kept }} using parquet as
        select * from {{ relation }}
        where not ({{ predicate }})
        {%- if partition_column %}
            and {{ partition_column }} in (
                {%- for value in affected %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
            )
        {%- endif %}
    {%- endcall -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='quoted') | join(', ') -%}
    {%- if partition_column -%}
        {%- do run_query('alter table ' ~ relation ~ ' drop if exists partition ('
            ~ partitions | join('), partition (') ~ ')') -%}
        {%- do run_query('insert into table ' ~ relation ~ ' select ' ~ columns ~ ' from ' ~ kept) -%}
    {%- else -%}
        {%- do run_query('insert overwrite table ' ~ relation ~ ' select ' ~ columns ~ ' from ' ~ kept) -%}
    {%- endif -%}
    {%- do run_query('drop table ' ~ kept) -%}
{%- endmacro %}

{#- Where and how the incremental activity models are stored: on Spark, the daily aggregates
    partitioned by activity date. -#}
{% macro activity_partitions(column) -%}
    {{ return([column] if target.type == 'spark' else none) }}
{%- endmacro %}
