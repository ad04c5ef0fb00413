{#- How Spark lays out the tables a run replaces rows of (docs/incremental.md, "On
    PostgreSQL and Spark"): Parquet cannot delete rows, so a run rewrites the partitions that
    hold the rows it replaces (spark__delete_rows). The daily aggregates, rejections and
    repeated keys are partitioned by activity date, the running sums and profile matches by a
    bucket of their lead or entity id, the marts kept per date by score date. Elsewhere, none
    of this applies. -#}

{#- partition_by of a table kept per activity or score date (`column`). -#}
{% macro date_partitions(column) -%}
    {{ return([column] if target.type == 'spark' else none) }}
{%- endmacro %}

{#- partition_by of a table partitioned by partition_bucket. -#}
{% macro bucket_partitions() -%}
    {{ return(['partition_bucket'] if target.type == 'spark' else none) }}
{%- endmacro %}

{#- On Spark, the column partition_bucket after a model's own: `column` hashed into
    var('spark_partition_buckets') buckets, -1 where it is null. -#}
{% macro partition_bucket(column) -%}
    {%- if target.type == 'spark' -%}
        , case
            when {{ column }} is null then -1
            else pmod(xxhash64({{ column }}), {{ var('spark_partition_buckets') | int }})
        end as partition_bucket
    {%- endif -%}
{%- endmacro %}

{#- True when Spark's tables are Delta Lake or Iceberg (var spark_table_format), which delete
    rows in place. Untested here: their jars come from a Maven repository. -#}
{% macro spark_tables_can_delete() -%}
    {{ return(var('spark_table_format') in ['delta', 'iceberg']) }}
{%- endmacro %}
