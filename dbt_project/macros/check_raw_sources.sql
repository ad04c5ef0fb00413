{#- on-run-start: before any model runs, each raw table that a selected model reads must exist
    with every required column (contract §3), or the run stops (flag
    skip_nodes_if_on_run_start_fails) with one message naming every missing table and column
    and what to do. Tables and columns marked `meta: {optional: true}` in _raw__sources.yml may
    be missing: a missing optional table reads as empty, a missing optional column as null. -#}
{% macro check_raw_sources() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set problems = [] -%}
    {%- for source in graph.sources.values()
        if source.source_name == 'raw' and source_is_read(source.unique_id) -%}
        {%- set name = source.schema ~ '.' ~ source.identifier -%}
        {%- set found = adapter.get_relation(
            database=source.database, schema=source.schema, identifier=source.identifier) -%}
        {%- if found is none and not source.meta.get('optional') -%}
            {%- do problems.append(
                name ~ " does not exist: load it (leadscore demo-data, or the landing files"
                ~ " importer), with at least its header of columns") -%}
        {%- elif found is not none -%}
            {%- set present = adapter.get_columns_in_relation(found)
                | map(attribute='name') | map('lower') | list -%}
            {%- for column in source.columns.values()
                if not column.meta.get('optional') and column.name | lower not in present -%}
                {%- do problems.append(
                    name ~ " has no column " ~ column.name ~ ": add it (every value may be"
                    ~ " null) or reload the table with all its columns") -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems | length > 0 -%}
        {{ exceptions.raise_compiler_error(
            "The raw tables lack what the models read (" ~ problems | length ~ " problem(s)):\n  "
            ~ problems | join("\n  ")
            ~ "\nThe columns of each table are listed in dbt_project/models/staging/raw/"
            ~ "_raw__sources.yml. Nothing was built.") }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- True when a selected model reads `source_id` directly. -#}
{% macro source_is_read(source_id) -%}
    {%- for node_id in selected_resources
        if source_id in graph.nodes.get(node_id, {}).get('depends_on', {}).get('nodes', []) -%}
        {{ return(true) }}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}
