{#- CRM merges form chains (A merged into B, B into C): each lead is merged at most once (the
    key of raw.lead_merges), so following them is a walk along one pointer per lead. These
    macros walk every chain at once, one merge a step, `merge_chain_steps()` steps, in the same
    few joins on every engine (no recursive SQL; each step reads the one before it once, so
    no engine copies a step into the next: Spark inlines every CTE). Chains of up to that many
    merges are followed to their end, and cycles of up to that many merges are found. -#}

{% macro merge_chain_steps() -%} 32 {%- endmacro %}

{#- CTEs `<prefix>_0` .. `<prefix>_<steps>` of (lead_id, target_id, is_on_cycle), from `edges`
    (a CTE of lead_id -> target_id, one row per lead_id): after step i, each lead of `edges`
    points i + 1 merges on (or at the end of its chain), and is_on_cycle says whether its walk
    came back to it. Ends with a comma. -#}
{% macro merge_chain_ctes(edges, prefix) -%}
    {{ prefix }}_0 as (

        select
            lead_id,
            target_id,
            target_id = lead_id as is_on_cycle

        from {{ edges }}

    ),
    {% for step in range(1, merge_chain_steps() | int + 1) %}
    {{ prefix }}_{{ step }} as (

        select
            walk.lead_id,
            coalesce(next_merge.target_id, walk.target_id) as target_id,
            walk.is_on_cycle or coalesce(next_merge.target_id = walk.lead_id, false)
                as is_on_cycle

        from {{ prefix }}_{{ step - 1 }} as walk
        left join {{ edges }} as next_merge
            on walk.target_id = next_merge.lead_id

    ),
    {% endfor %}
{%- endmacro %}

{% macro merge_chain_last(prefix) -%}
    {{ prefix }}_{{ merge_chain_steps() }}
{%- endmacro %}
