-- Every raw account attribute with the reason its row is rejected (null when it passes) and
-- what is behind it (macros/raw_attributes.sql).
{{ base_raw_attributes('account') }}
