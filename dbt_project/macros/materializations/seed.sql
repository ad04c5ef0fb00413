{#- Seeds as dbt loads them, with two additions.

    A file with nothing in it, not even its header line: dbt fails to parse such a file with a
    message that names neither the file nor what to do. It is loaded here as an empty table
    with the columns of its column_types (dbt_project.yml), as a file of just its header would
    be, and stg_seeds__sheet_errors says, as for any sheet, whether the sheet may be empty
    (bot_rules.csv: flags nothing) or not (activity_types.csv, score_sheets.csv,
    score_bands.csv).

    A seed whose meta names a `file_order_column` (buying_groups.csv, where the first role in
    file order wins): a table keeps no row order, so the rows are loaded here with their line
    number in the file (1 for the first row under the header) in that column. -#}
{% materialization seed, default %}
    {%- set order_column = (config.get('meta') or {}).get('file_order_column') -%}
    {%- set is_empty_file = model.checksum.checksum == empty_file_sha256() -%}
    {%- if not is_empty_file and not order_column -%}
        {{ return(dbt.materialization_seed_default()) }}
    {%- endif -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set column_types = config.get('column_types', {}) -%}
    {%- set agate_table = none if is_empty_file else load_agate_table() -%}
    {%- set names = column_types.keys() | list if is_empty_file else agate_table.column_names -%}
    {%- if names | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            model.original_file_path ~ " is empty: write its header line (the column names) in"
            ~ " it, or give the seed column_types in dbt_project.yml") }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for name in names -%}
        {%- do columns.append({
            'name': adapter.quote_seed_column(name, config.get('quote_columns')),
            'type': column_types.get(name, dbt.type_string())}) -%}
    {%- endfor -%}
    {%- if order_column -%}
        {%- do columns.append({'name': order_column, 'type': 'integer'}) -%}
    {%- endif -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {{ drop_relation_if_exists(load_cached_relation(this)) }}
    {% call statement('main') -%}
        create table {{ target_relation }} (
            {%- for column in columns -%}
                {{ column.name }} {{ column.type }}{{ ', ' if not loop.last }}
            {%- endfor -%}
        )
        {{- ' using parquet' if target.type == 'spark' }}
    {%- endcall %}
    {%- if agate_table is not none and agate_table.rows | length > 0 -%}
        {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
            {%- set first_line = loop.index0 * get_batch_size() -%}
            {% call statement('seed_rows_' ~ loop.index) -%}
                insert into {{ target_relation }} values
                {%- for row in chunk %}
                    (
                    {%- for value in row -%}
                        cast({{ seed_literal(value) }} as {{ columns[loop.index0].type }}),
                    {%- endfor -%}
                    {{ first_line + loop.index }})
                    {{- ',' if not loop.last }}
                {%- endfor %}
            {%- endcall %}
        {%- endfor -%}
    {%- endif -%}
    {#- dbt's seed task reports the rows loaded from the table a seed stores -#}
    {%- do store_result(
        'agate_table', response='OK', agate_table=run_query('select * from ' ~ target_relation)) -%}
    {% do persist_docs(target_relation, model) %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{% macro empty_file_sha256() -%}
    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
{%- endmacro %}

{#- A seed cell as a SQL literal: null for a blank cell, else quoted text. -#}
{% macro seed_literal(value) -%}
    {{ return(adapter.dispatch('seed_literal', 'lead_scoring')(value)) }}
{%- endmacro %}

{% macro default__seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- else -%}
        '{{ value | string | replace("'", "''") }}'
    {%- endif -%}
{%- endmacro %}

{#- Spark reads a backslash in a literal as an escape. -#}
{% macro spark__seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- else -%}
        '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
