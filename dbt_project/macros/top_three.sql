{#- The three largest items of a row set, shown as one text "item; item; item" (top_reasons
    of lead_profiles, top_factors of predictive_scores): `top_three_columns` pivots the items
    ranked 1 to 3 into columns <name>_1 to <name>_3 (in a query grouped by the row's key);
    `top_three_joined` joins those present with "; ". -#}
{% macro top_three_columns(rank, item, name) -%}
    {%- for position in [1, 2, 3] %}
        max(case when {{ rank }} = {{ position }} then {{ item }} end) as {{ name }}_{{ position }}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{% macro top_three_joined(relation, name) -%}
    cast(
        coalesce({{ relation }}.{{ name }}_1, '')
        || coalesce('; ' || {{ relation }}.{{ name }}_2, '')
        || coalesce('; ' || {{ relation }}.{{ name }}_3, '')
        as {{ dbt.type_string() }}
    )
{%- endmacro %}
