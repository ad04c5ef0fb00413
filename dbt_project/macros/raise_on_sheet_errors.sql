{#- Post-hook of stg_seeds__sheet_errors: a broken scoring sheet stops `dbt build` with every
    problem listed by file, sheet and rule, before anything is scored with it. -#}
{% macro raise_on_sheet_errors(relation) %}
    {%- if execute -%}
        {%- set query -%}
            select seed_file, sheet_id, rule_id, problem
            from {{ relation }}
            order by seed_file, sheet_id, rule_id, problem
        {%- endset -%}
        {%- set rows = run_query(query).rows -%}
        {%- if rows | length > 0 -%}
            {%- set lines = [] -%}
            {%- for row in rows -%}
                {%- set item = 'role' if row[0] == 'buying_groups.csv' else 'rule' -%}
                {%- set what = (
                    "attribute '" ~ (row[2] if row[2] is not none else '') ~ "'"
                    if row[0] == 'attributes.csv' else
                    "sheet '" ~ (row[1] if row[1] is not none else '') ~ "'"
                    ~ ", " ~ item ~ " '" ~ (row[2] if row[2] is not none else '') ~ "'") -%}
                {%- do lines.append("seeds/" ~ row[0] ~ ": " ~ what ~ ": " ~ row[3]) -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                "Invalid scoring sheets (" ~ rows | length ~ " problem(s)):\n  "
                ~ lines | join("\n  ")
                ~ "\nFix these rows in seeds/ and run dbt build again.") }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
