{#- Helpers of the incremental activity models (docs/incremental.md). -#}

{#- The table `identifier` of this model's schema as the previous run left it, its `columns`.
    It is read without ref() because it is written downstream of the models that read it: the
    load log records what the last successful run loaded. Missing (a first run, a reset after
    raw was replaced), written by a version without one of `columns`, or a full refresh:
    nothing counts as loaded. -#}
{% macro previous_load_state(identifier, columns, empty_select) -%}
    {%- set relation = none -%}
    {%- if execute and not flags.FULL_REFRESH -%}
        {%- set relation = adapter.get_relation(
            database=this.database, schema=this.schema, identifier=identifier) -%}
    {%- endif -%}
    {%- if relation is not none -%}
        {%- set present = adapter.get_columns_in_relation(relation)
            | map(attribute='name') | map('lower') | list -%}
        {%- if columns | reject('in', present) | list -%}
            {%- set relation = none -%}
        {%- endif -%}
    {%- endif -%}
    {%- if relation is not none -%}
        select {{ columns | join(', ') }} from {{ relation }}
    {%- else -%}
        {{ empty_select }}
    {%- endif -%}
{%- endmacro %}

{#- The columns of a raw activity that its fingerprint covers: all that the models read. -#}
{% macro activity_columns() -%}
    {{ return(['activity_id', 'lead_id', 'activity_type', 'occurred_at', 'url', 'campaign']) }}
{%- endmacro %}

{#- The fingerprint of a set of rows: the exact sum of a 64-bit hash of each row's `columns`,
    as decimal(38, 0). Any change to any column of any row changes it (but for a hash
    collision, about one chance in 2^64); the order of the rows does not. -#}
{% macro rows_fingerprint(columns) -%}
    cast(sum({{ adapter.dispatch('row_hash', 'lead_scoring')(columns) }}) as decimal(38, 0))
{%- endmacro %}

{% macro default__row_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{#- the text of a row value tells a null from an empty text, and a column from its neighbour -#}
{% macro postgres__row_hash(columns) -%}
    cast(hashtextextended(cast(row({{ columns | join(', ') }}) as text), 0) as decimal(38, 0))
{%- endmacro %}

{#- xxhash64 skips nulls: each column goes with whether it is null, so positions still count -#}
{% macro spark__row_hash(columns) -%}
    cast(xxhash64(
        {%- for column in columns %}{{ column }}, {{ column }} is null{{ ', ' if not loop.last }}{% endfor -%}
    ) as decimal(38, 0))
{%- endmacro %}

{#- An activity date as a key that is never null: the undated rows (no timestamp) are a date
    of their own, 0001-01-01. A real row of that date is only ever reloaded with them. -#}
{% macro load_date_key(date_column) -%}
    coalesce({{ date_column }}, cast('{{ undated_key() }}' as date))
{%- endmacro %}

{% macro undated_key() -%} 0001-01-01 {%- endmacro %}

{#- The date keys (YYYY-MM-DD) that int_activity_load_plan reloads, queried when the model
    runs. Rendering them as literals lets the engine filter while it scans raw rows, where a
    subquery would filter after joins; they are dates computed from raw counts, no seed value.
    -#}
{% macro load_plan_date_keys() -%}
    {%- set query -%}
        select distinct cast({{ load_date_key('activity_date') }} as {{ dbt.type_string() }})
        from {{ ref('int_activity_load_plan') }}
        where load_kind = 'activity_date'
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() if execute else []) }}
{%- endmacro %}

{#- True for a date whose key is in `date_keys`. Without the undated key, also an occurred_at
    range, which lets DuckDB skip row groups of a time-ordered raw table. -#}
{% macro date_key_in(date_column, date_keys, timestamp_column=none) -%}
    {%- if date_keys | length == 0 -%}
        (1 = 0)
    {%- else -%}
        {%- set literals = [] -%}
        {%- for key in date_keys | sort -%}
            {%- do literals.append("cast('" ~ key ~ "' as date)") -%}
        {%- endfor -%}
        ({{ load_date_key(date_column) }} in ({{ literals | join(', ') }})
        {%- if timestamp_column and undated_key() not in date_keys %}
            and {{ timestamp_column }} >= cast('{{ (date_keys | sort)[0] }}' as {{ dbt.type_timestamp() }})
            and {{ timestamp_column }} < {{ dbt.dateadd(
                'day', 1, "cast('" ~ (date_keys | sort)[-1] ~ "' as " ~ dbt.type_timestamp() ~ ")") }}
        {%- endif -%})
    {%- endif -%}
{%- endmacro %}

{#- True for an activity date (null: the undated rows) that int_activity_load_plan reloads. -#}
{% macro in_load_plan(date_column, timestamp_column=none) -%}
    {{ date_key_in(date_column, load_plan_date_keys(), timestamp_column) }}
{%- endmacro %}

{#- True when the accepted activity types changed since the last load (their matchers did). -#}
{% macro activity_types_changed() -%}
    exists (
        select 1 from {{ ref('int_activity_load_plan') }}
        where load_kind = 'matcher' and matcher_kind = 'activity'
    )
{%- endmacro %}

{#- The id of an activity matcher: a stable hash of what it matches. -#}
{% macro activity_matcher_id(kind, activity_type, url_pattern, max_per_day, qualifier="''") -%}
    {{ hash_bigint(dbt.concat([
        "'" ~ kind ~ "|'",
        "coalesce(" ~ activity_type ~ ", '')", "'|'",
        "coalesce(" ~ url_pattern ~ ", '')", "'|'",
        "coalesce(cast(" ~ max_per_day ~ " as " ~ dbt.type_string() ~ "), '')", "'|'",
        qualifier])) }}
{%- endmacro %}

{#- The `when` branches of an activity's rejection reason, in the order of the spec: missing
    key, duplicate key, missing timestamp, unknown lead, unknown activity type. -#}
{% macro activity_rejection_reason(
    activity_id, key_rank, occurred_at, accepted_lead_id, accepted_activity_type) -%}
    {{ key_rejection_reason(activity_id, key_rank) }}
            when {{ occurred_at }} is null then 'missing_timestamp'
            when {{ accepted_lead_id }} is null then 'unknown_lead'
            when {{ accepted_activity_type }} is null then 'unknown_activity_type'
{%- endmacro %}

{#- True for an activity date that int_activities_matched_daily and int_activities_rejected
    reload: the plan's dates, and the dates of rows of a repeated key loaded now (one of its rows,
    now or at the last load, is on a plan date) that, on a date not reloaded, were kept and are
    not any more (an earlier repeat displaced them), or the other way round (the row that
    displaced them was corrected to a later time, or removed). Rows on those dates are
    unchanged, so each is found as it was in the ranks of the last load
    (int_activity_key_ranks_loaded); a key missing there, or here, has a single row, kept. -#}
{% macro in_matched_reload_dates(date_column, timestamp_column=none) -%}
    {%- set plan_keys = load_plan_date_keys() -%}
    {%- set content = ['activity_id', 'activity_date', 'occurred_at', 'lead_id', 'activity_type',
        'url', 'campaign'] -%}
    {%- set repeated = ref('int_activity_key_duplicates') -%}
    {%- set query -%}
        with

        loaded as (
            {{ previous_load_state(
                'int_activity_key_ranks_loaded', content + ['key_rank'],
                'select ' ~ content | join(', ') ~ ', key_rank from ' ~ repeated ~ ' where 1 = 0') }}
        ),

        keys_loaded_now as (
            select activity_id from {{ repeated }}
            where {{ date_key_in('activity_date', plan_keys) }}
            union
            select activity_id from loaded
            where {{ date_key_in('activity_date', plan_keys) }}
        ),

        -- their rows on other dates as ranked now: kept (1) or not
        current_ranks as (
            select
                {{ content | join(', ') }},
                max(case when key_rank = 1 then 1 else 0 end) as is_kept
            from {{ repeated }}
            where
                activity_id in (select activity_id from keys_loaded_now)
                and not {{ date_key_in('activity_date', plan_keys) }}
            group by {{ content | join(', ') }}

            union all

            select
                {{ content | join(', ') }},
                1 as is_kept
            from loaded
            where
                activity_id in (select activity_id from keys_loaded_now)
                and activity_id not in (select activity_id from {{ repeated }})
                and not {{ date_key_in('activity_date', plan_keys) }}
            group by {{ content | join(', ') }}
        ),

        loaded_ranks as (
            select
                {{ content | join(', ') }},
                max(case when key_rank = 1 then 1 else 0 end) as is_kept
            from loaded
            group by {{ content | join(', ') }}
        ),

        loaded_keys as (
            select distinct activity_id from loaded
        )

        select distinct
            cast({{ load_date_key('current_ranks.activity_date') }} as {{ dbt.type_string() }})
        from current_ranks
        left join loaded_keys
            on current_ranks.activity_id = loaded_keys.activity_id
        left join loaded_ranks
            on
            {%- for column in content %}
                {{ 'and ' if not loop.first }}{{ equal_or_both_null(
                    'current_ranks.' ~ column, 'loaded_ranks.' ~ column) }}
            {%- endfor %}
        where current_ranks.is_kept <> case
            when loaded_keys.activity_id is null then 1
            else coalesce(loaded_ranks.is_kept, 0)
        end
    {%- endset -%}
    {%- set changed_keys = run_query(query).columns[0].values() if execute else [] -%}
    {{ date_key_in(date_column, plan_keys + changed_keys, timestamp_column) }}
{%- endmacro %}

{% macro equal_or_both_null(left, right) -%}
    ({{ left }} = {{ right }} or ({{ left }} is null and {{ right }} is null))
{%- endmacro %}

{#- Pre-hook of the incremental activity models (append strategy): before the new batch is
    appended, delete the target rows it replaces, every row in the reload scope, also those
    for which the batch has no row. Rendered when the model runs, in its transaction. The
    predicate is never null (keys and dates are coalesced), so `not` keeps the other rows. -#}
{% macro delete_reloaded_rows(predicate) -%}
    {%- if is_incremental() -%}
        {{ return(adapter.dispatch('delete_reloaded_rows', 'lead_scoring')(predicate)) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__delete_reloaded_rows(predicate) -%}
    delete from {{ this }} where {{ predicate }}
{%- endmacro %}

{#- Spark tables on Parquet cannot delete rows: the rows to keep of the partitions holding
    rows to delete are copied aside, those partitions dropped (a whole unpartitioned table
    overwritten) and the kept rows put back. Only the reloaded dates are rewritten. The
    statements run here, one at a time as Spark takes them; the hook itself is then empty. -#}
{% macro spark__delete_reloaded_rows(predicate) -%}
    {%- set partition_by = config.get('partition_by') -%}
    {%- set partition_column = (partition_by if partition_by is string else partition_by[0])
        if partition_by else none -%}
    {%- set kept = api.Relation.create(
        schema=this.schema, identifier=this.identifier ~ '__dbt_kept', type='table') -%}
    {%- set affected = none -%}
    {%- if partition_column -%}
        {%- set affected_query -%}
            select distinct cast({{ partition_column }} as string)
            from {{ this }} where {{ predicate }}
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
        select * from {{ this }}
        where not ({{ predicate }})
        {%- if partition_column %}
            and {{ partition_column }} in (
                {%- for value in affected %}'{{ value }}'{% if not loop.last %}, {% endif %}{% endfor -%}
            )
        {%- endif %}
    {%- endcall -%}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='quoted') | join(', ') -%}
    {%- if partition_column -%}
        {%- do run_query('alter table ' ~ this ~ ' drop if exists partition ('
            ~ partitions | join('), partition (') ~ ')') -%}
        {%- do run_query('insert into table ' ~ this ~ ' select ' ~ columns ~ ' from ' ~ kept) -%}
    {%- else -%}
        {%- do run_query('insert overwrite table ' ~ this ~ ' select ' ~ columns ~ ' from ' ~ kept) -%}
    {%- endif -%}
    {%- do run_query('drop table ' ~ kept) -%}
{%- endmacro %}

{#- Where and how the incremental activity models are stored: on Spark, the daily aggregates
    partitioned by activity date. -#}
{% macro activity_partitions(column) -%}
    {{ return([column] if target.type == 'spark' else none) }}
{%- endmacro %}

{#- True for a matcher that int_activity_load_plan adds or removes. -#}
{% macro matcher_changed(matcher_column) -%}
    {{ matcher_column }} in (
        select matcher_id from {{ ref('int_activity_load_plan') }}
        where load_kind = 'matcher'
    )
{%- endmacro %}
