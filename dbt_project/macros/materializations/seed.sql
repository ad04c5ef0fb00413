{#- Seeds as dbt loads them, but for a file with nothing in it, not even its header line: dbt
    fails to parse such a file with a message that names neither the file nor what to do. It
    is loaded here as an empty table with the columns of its column_types (dbt_project.yml),
    as a file of just its header would be, and stg_seeds__sheet_errors says, as for any sheet,
    whether the sheet may be empty (bot_rules.csv: flags nothing) or not (activity_types.csv,
    score_sheets.csv, score_bands.csv). -#}
{% materialization seed, default %}
    {%- if model.checksum.checksum != empty_file_sha256() -%}
        {{ return(dbt.materialization_seed_default()) }}
    {%- endif -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set columns = [] -%}
    {%- for name, data_type in config.get('column_types', {}).items() -%}
        {%- do columns.append(adapter.quote_seed_column(name, config.get('quote_columns'))
            ~ ' ' ~ data_type) -%}
    {%- endfor -%}
    {%- if columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            model.original_file_path ~ " is empty: write its header line (the column names) in"
            ~ " it, or give the seed column_types in dbt_project.yml") }}
    {%- endif -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {{ drop_relation_if_exists(load_cached_relation(this)) }}
    {% call statement('main') -%}
        create table {{ target_relation }} ({{ columns | join(', ') }})
        {{- ' using parquet' if target.type == 'spark' }}
    {%- endcall %}
    {#- dbt's seed task reports the rows loaded from the table a seed stores: none -#}
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
