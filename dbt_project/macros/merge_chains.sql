{#- CRM merges form chains (A merged into B, B into C): each lead is merged at most once (the
    key of raw.lead_merges), so following them is a walk along one pointer per lead, to the
    last survivor. int_lead_merge_chains keeps, for every merged lead, jumps of 1, 2, 4, ...
    merges (macros/materializations/pointer_jumps.sql), each in force from the date of the
    latest merge it crosses. -#}

{#- The highest jump level merge_chain_walk() reads: chains of up to 2^32 merges. -#}
{% macro merge_chain_levels() -%} 32 {%- endmacro %}

{#- CTEs `<prefix>_<levels>` .. `<prefix>_0` of (lead_id, <carried columns>, person_id): each
    lead of `starts` (a CTE with lead_id and the `carried` columns) followed along the merges
    of `jumps` in force on `as_of` (a date expression over the carried columns, or the score
    date) to the last survivor; itself when none is. From the longest jump to the shortest,
    each taken when it is in force: the jumps in force from a lead reach along its chain as
    far as every merge on the way is, so this lands on the furthest lead it reaches. A fixed
    number of joins, each reading the step before once. Ends with a comma. -#}
{% macro merge_chain_walk(starts, jumps, as_of, carried=[], prefix='walk') -%}
    {%- set levels = merge_chain_levels() | int -%}
    {{ prefix }}_{{ levels }} as (

        select
            lead_id,
            {%- for column in carried %}
            {{ column }},
            {%- endfor %}
            lead_id as person_id

        from {{ starts }}

    ),
    {% for level in range(levels - 1, -1, -1) %}
    {{ prefix }}_{{ level }} as (

        select
            walk.lead_id,
            {%- for column in carried %}
            walk.{{ column }},
            {%- endfor %}
            case
                when jump.in_force_on is null and jump.lead_id is not null then jump.target_id
                when jump.in_force_on <= {{ as_of }} then jump.target_id
                else walk.person_id
            end as person_id

        from {{ prefix }}_{{ level + 1 }} as walk
        left join {{ jumps }} as jump
            on
                walk.person_id = jump.lead_id
                and jump.level = {{ level }}

    ),
    {% endfor %}
{%- endmacro %}
