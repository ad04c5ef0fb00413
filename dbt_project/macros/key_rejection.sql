{#- The key checks every raw source shares (SPEC §3): a null key, or one of nothing but white
    space (is_blank), is `missing_key`;
    of the rows sharing a key, all but the first in `order_by` are `duplicate_key`.
    `key_rank` numbers the rows of a key; `key_rejection_reason` is the start of a case. -#}
{% macro key_rank(key_column, order_by) -%}
    row_number() over (partition by {{ key_column }} order by {{ order_by }})
{%- endmacro %}

{% macro key_rejection_reason(key_column, key_rank_column='key_rank') -%}
    when {{ is_blank(key_column) }} then 'missing_key'
            when {{ key_rank_column }} > 1 then 'duplicate_key'
{%- endmacro %}
