-- Per activity date of raw (null: the undated rows), the row count and the content fingerprint
-- (every column the models read): one scan of raw activities a run, read by the load plan and
-- by the scope of the bot rules.
with

activities as (

    select * from {{ ref('stg_raw__activities') }}

),

final as (

    select
        activity_date,
        count(*) as raw_rows,
        {{ rows_fingerprint(activity_columns()) }} as fingerprint

    from activities
    group by activity_date

)

select * from final
