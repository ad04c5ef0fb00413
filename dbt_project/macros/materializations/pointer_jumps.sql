{#- Walks along chains of pointers of any length, in a few set-based steps on every engine
    (no recursive SQL, which Spark runs one slow level at a time).

    A model materialized as `pointer_jumps` selects edges: `lead_id` (one row per lead),
    `target_id` (the lead it points to) and `in_force_on` (the date from which the edge
    holds; null: always). The table it builds holds them as `level` 0 and adds level k + 1
    from level k by pointer doubling: from each lead, a jump of level k goes 2^k edges on, or
    to the end of its chain where that is nearer, and is in force from the latest date of
    the edges it crosses. Levels are added until no jump moves any more (every chain is
    walked to its end) or until 2^level reaches the number of edges (every walk has reached
    its end or gone round into a cycle). A chain of n edges takes log2(n) + 1 levels, each
    one statement over the table.

    merge_chain_walk() (macros/merge_chains.sql) reads the levels back, from the highest,
    to follow every chain to its end as of a date. -#}
{% materialization pointer_jumps, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {{ drop_relation_if_exists(existing_relation) }}

    {%- set level_zero -%}
        select
            cast(lead_id as {{ dbt.type_string() }}) as lead_id,
            cast(target_id as {{ dbt.type_string() }}) as target_id,
            cast(in_force_on as date) as in_force_on,
            0 as level
        from ({{ sql }}) as edges
    {%- endset -%}
    {% call statement('main') -%}
        {{ get_create_table_as_sql(False, target_relation, level_zero) }}
    {%- endcall %}

    {%- set edge_count = run_query(
        'select count(*) from ' ~ target_relation).columns[0].values()[0] | int -%}
    {%- for level in range(0, 64) -%}
        {%- if 2 ** level >= edge_count -%}{%- break -%}{%- endif -%}
        {%- call statement('pointer_jumps_level_' ~ (level + 1)) -%}
            insert into {{ target_relation }}
            {{ pointer_jumps_next_level(target_relation, level) }}
        {%- endcall -%}
        {%- set moved_query -%}
            select count(*)
            from {{ target_relation }} as before_jump
            inner join {{ target_relation }} as after_jump
                on before_jump.lead_id = after_jump.lead_id
            where
                before_jump.level = {{ level }}
                and after_jump.level = {{ level + 1 }}
                and before_jump.target_id <> after_jump.target_id
        {%- endset -%}
        {%- if run_query(moved_query).columns[0].values()[0] | int == 0 -%}{%- break -%}{%- endif -%}
    {%- endfor -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do persist_docs(target_relation, model) %}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- The rows of level `level` + 1: each jump of `level` followed by the jump of `level` from
    where it lands (none from the end of a chain), in force from the later of the two dates
    (null is always: earlier than any date). -#}
{% macro pointer_jumps_next_level(relation, level) -%}
    select
        jump.lead_id,
        coalesce(next_jump.target_id, jump.target_id) as target_id,
        case
            when next_jump.in_force_on is null then jump.in_force_on
            when jump.in_force_on is null or next_jump.in_force_on > jump.in_force_on
                then next_jump.in_force_on
            else jump.in_force_on
        end as in_force_on,
        {{ level + 1 }} as level
    from {{ relation }} as jump
    left join {{ relation }} as next_jump
        on
            jump.target_id = next_jump.lead_id
            and next_jump.level = {{ level }}
    where jump.level = {{ level }}
{%- endmacro %}
