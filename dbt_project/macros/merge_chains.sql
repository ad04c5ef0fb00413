{#- CRM merges form chains (A merged into B, B into C): each lead is merged at most once (the
    key of raw.lead_merges), so following them is a walk along one pointer per lead. These
    macros follow every chain at once by pointer doubling: after step i each lead points
    2^i merges further (or at the end of its chain), so `merge_chain_steps()` steps follow any
    chain shorter than 2^steps, in the same few joins on every engine (no recursive SQL). -#}

{% macro merge_chain_steps() -%} 24 {%- endmacro %}

{#- CTEs `<prefix>_0` .. `<prefix>_<steps>`, (lead_id, target_id), from `edges` (a CTE of
    lead_id -> target_id, one row per lead_id): the last one holds, for each lead of `edges`,
    the lead 2^steps merges on, or the end of its chain. Ends with a comma. -#}
{% macro merge_chain_ctes(edges, prefix) -%}
    {{ prefix }}_0 as (

        select lead_id, target_id from {{ edges }}

    ),
    {% for step in range(1, merge_chain_steps() | int + 1) %}
    {{ prefix }}_{{ step }} as (

        select
            hop.lead_id,
            coalesce(next_hop.target_id, hop.target_id) as target_id

        from {{ prefix }}_{{ step - 1 }} as hop
        left join {{ prefix }}_{{ step - 1 }} as next_hop
            on hop.target_id = next_hop.lead_id

    ),
    {% endfor %}
{%- endmacro %}

{% macro merge_chain_last(prefix) -%}
    {{ prefix }}_{{ merge_chain_steps() }}
{%- endmacro %}
