{#- A lead's e-mail address as everything reads it: validation, merging by address, the
    profile (email_domain) and the CRM sync (contract §5). Leading and trailing Unicode white space
    trimmed, lower-cased, then kept only when valid: exactly one @, something before it, a
    domain with a dot after it, and no white space of any kind. Null when missing or invalid. -#}
{% macro email_address(expression) -%}
    {%- set normalized = normalize_text(expression) -%}
    {%- set not_at_or_space = '[^@' ~ unicode_white_space() ~ ']' -%}
    case
        when {{ regex_matches(
            normalized, not_at_or_space ~ '+@' ~ not_at_or_space ~ '*[.]' ~ not_at_or_space ~ '*') }}
            then {{ normalized }}
    end
{%- endmacro %}
