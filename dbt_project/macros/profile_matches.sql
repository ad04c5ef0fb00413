{#- The profile rules matched only for the entities whose fields or rules changed
    (int_profile_entities_changed, docs/incremental.md "Profile rules"). -#}

{#- The kept matches as a first run reads them: none. -#}
{% macro no_profile_matches() -%}
    select
        cast(null as {{ dbt.type_string() }}) as entity_type,
        cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as decimal(38, 0)) as fingerprint
    where 1 = 0
{%- endmacro %}

{#- Pre-hook of int_profile_rules_matched: the matches of the entities matched again. -#}
{% macro profile_matches_replaced() -%}
    {%- set changed = ref('int_profile_entities_changed') -%}
    exists (
        select 1 from {{ changed }} as changed
        where
            changed.entity_id = {{ this.identifier }}.entity_id
            and changed.entity_type = {{ this.identifier }}.entity_type
    )
{%- endmacro %}
