{#- What the activity loader's fingerprints cover (rows_fingerprint: macros/fingerprints.sql);
    its logs are read with load_state (macros/load_state.sql). -#}

{#- The columns of a raw activity that its fingerprint covers: all that the models read. -#}
{% macro activity_columns() -%}
    {{ return([
        'activity_id', 'lead_id', 'activity_type', 'occurred_at', 'url', 'campaign',
        'user_agent', 'ip_address',
    ]) }}
{%- endmacro %}
