{#- The checks every raw source shares (contract §3): a null key, or one of nothing but white
    space (is_blank), is `missing_key`; of the rows sharing a key, all but the first in
    `order_by` are `duplicate_key`; then a value that does not fit its column's type
    (macros/raw_values.sql) is `bad_value`. `key_rank` numbers the rows of a key;
    `key_rejection_reason` is the start of a case. -#}
{% macro key_rank(key_column, order_by) -%}
    row_number() over (partition by {{ key_column }} order by {{ order_by }})
{%- endmacro %}

{% macro key_rejection_reason(key_column, key_rank_column='key_rank', bad_value_column='bad_value') -%}
    when {{ is_blank(key_column) }} then 'missing_key'
            when {{ key_rank_column }} > 1 then 'duplicate_key'
            when {{ bad_value_column }} is not null then 'bad_value'
{%- endmacro %}

{#- What a `bad_value` rejection names (the column and its value); null for any other row. -#}
{% macro bad_value_detail(key_column, key_rank_column='key_rank', bad_value_column='bad_value') -%}
    case
        when not {{ is_blank(key_column) }} and {{ key_rank_column }} = 1
            then {{ bad_value_column }}
    end
{%- endmacro %}
