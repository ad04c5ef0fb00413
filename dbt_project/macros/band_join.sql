{#- Joins the band of `scale` that a score falls in, from int_score_bands_ranged
    (half-open ranges, floor band unbounded below). -#}
{% macro band_join(bands_cte, alias, scale, sheet_column, score_column) -%}
    left join {{ bands_cte }} as {{ alias }}
        on
            {{ sheet_column }} = {{ alias }}.sheet_id
            and {{ alias }}.scale = '{{ scale }}'
            and ({{ alias }}.lower_bound is null or {{ score_column }} >= {{ alias }}.lower_bound)
            and ({{ alias }}.upper_bound is null or {{ score_column }} < {{ alias }}.upper_bound)
{%- endmacro %}
