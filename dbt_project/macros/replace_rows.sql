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
    {%- do spark__delete_rows(this, predicate, config.get('partition_by')) -%}
{%- endmacro %}

{#- Delete the rows of `relation` where `predicate` holds, now. -#}
{% macro delete_rows(relation, predicate) -%}
    {{ return(adapter.dispatch('delete_rows', 'lead_scoring')(relation, predicate)) }}
{%- endmacro %}

{% macro default__delete_rows(relation, predicate) -%}
    {%- do run_query('delete from ' ~ relation ~ ' where ' ~ predicate) -%}
{%- endmacro %}

{#- On Spark's Parquet tables, the rows to keep of the partitions (`partition_by`, its first
    column) holding rows to delete are copied aside, those partitions dropped (a whole
    unpartitioned table overwritten) and the kept rows put back: only those partitions are
    rewritten (docs/incremental.md, "On PostgreSQL and Spark"). A row whose predicate is null
    is kept, as `delete` keeps it. Delta Lake and Iceberg tables (var spark_table_format)
    delete in place. -#}
{% macro spark__delete_rows(relation, predicate, partition_by=none) -%}
    {%- if spark_tables_can_delete() -%}
        {{ return(default__delete_rows(relation, predicate)) }}
    {%- endif -%}
    {%- set column = (partition_by if partition_by is string else partition_by[0])
        if partition_by else none -%}
    {%- set kept = api.Relation.create(
        schema=relation.schema, identifier=relation.identifier ~ '__dbt_kept', type='table') -%}
    {%- set in_partitions = spark_partitions_holding(relation, predicate, column) -%}
    {%- if in_partitions is none -%}{{ return('') }}{%- endif -%}
    {%- do run_query('drop table if exists ' ~ kept) -%}
    {%- call statement('copy_kept_rows') -%}
        create table {{ kept }} using parquet as
        select * from {{ relation }}
        where not coalesce(({{ predicate }}), false) and {{ in_partitions.filter }}
    {%- endcall -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='quoted') | join(', ') -%}
    {%- if column -%}
        {%- do run_query('alter table ' ~ relation ~ ' drop if exists '
            ~ in_partitions.specs | join(', ')) -%}
        {%- do run_query('insert into table ' ~ relation ~ ' select ' ~ columns ~ ' from ' ~ kept) -%}
    {%- else -%}
        {%- do run_query('insert overwrite table ' ~ relation ~ ' select ' ~ columns ~ ' from ' ~ kept) -%}
    {%- endif -%}
    {%- do run_query('drop table ' ~ kept) -%}
{%- endmacro %}

{#- The partitions of `relation` (by `column`) with rows where `predicate` holds: a filter that
    selects their rows and their specs for `alter table ... drop partition`, the null partition
    included; none when there are no such rows. Without a column, the whole table. -#}
{% macro spark_partitions_holding(relation, predicate, column) -%}
    {%- set values = run_query(
        'select distinct ' ~ ('cast(' ~ column ~ ' as string)' if column else "'whole'")
        ~ ' from ' ~ relation ~ ' where ' ~ predicate).columns[0].values() -%}
    {%- if not column -%}
        {{ return({'filter': 'true', 'specs': []} if values | length else none) }}
    {%- endif -%}
    {%- if values | length == 0 -%}{{ return(none) }}{%- endif -%}
    {%- set named = values | reject('none') | list -%}
    {%- set quoted = [] -%}
    {%- set specs = [] -%}
    {%- for value in named -%}
        {%- do quoted.append("'" ~ value ~ "'") -%}
        {%- do specs.append('partition (' ~ column ~ " = '" ~ value ~ "')") -%}
    {%- endfor -%}
    {%- set tests = ['cast(' ~ column ~ ' as string) in (' ~ quoted | join(', ') ~ ')']
        if named else [] -%}
    {%- if named | length < values | length -%}
        {%- do tests.append(column ~ ' is null') -%}
        {%- do specs.append('partition (' ~ column ~ ' = null)') -%}
    {%- endif -%}
    {{ return({'filter': '(' ~ tests | join(' or ') ~ ')', 'specs': specs}) }}
{%- endmacro %}
