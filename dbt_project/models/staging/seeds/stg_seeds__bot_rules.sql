-- depends_on: {{ ref('stg_seeds__sheet_errors') }}
-- Bot rules (contract §4): kind and activity type normalised, settings as whole numbers. A
-- honeypot's within_seconds blank is 0: only the honeypot activity itself.
with

source as (

    select * from {{ ref('bot_rules') }}

),

final as (

    select
        rule_id,
        {{ normalize_text('kind') }} as kind,
        {{ normalize_text('activity_type') }} as activity_type,
        case when not {{ is_blank('pattern') }} then pattern end as pattern,
        {{ text_whole_number('max_events') }} as max_events,
        coalesce({{ text_whole_number('within_seconds') }}, 0) as within_seconds,
        description

    from source

)

select * from final
