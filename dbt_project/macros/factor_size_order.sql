{#- A contribution's place among a lead's top factors (predictive_scores), largest first when
    sorted descending: its absolute size to the millionth, ties by feature name (`order`, the
    feature's place by name, below 1,000,000). One number to sort by: a sort on the two
    columns takes more than twice as long. -#}
{% macro factor_size_order(contribution, order) -%}
    cast(round(abs({{ contribution }}) * 1000000) as bigint) * 1000000 + (1000000 - {{ order }})
{%- endmacro %}
