-- Every scored lead on every sheet on each score date: scores (0 where nothing matched),
-- weighted total, tier, grade, engagement, matrix cell and MQL flag.
with

scored_leads as (

    select * from {{ ref('int_leads_scored_on_date') }}

),

score_sheets as (

    select * from {{ ref('stg_seeds__score_sheets') }}

),

ledger as (

    select * from {{ ref('int_lead_score_ledger') }}

),

bands as (

    select * from {{ ref('int_score_bands_ranged') }}

),

ledger_sums as (

    select
        score_date,
        sheet_id,
        lead_id,
        sum(case when rule_kind = 'profile' then 0 else points end) as behavior_score,
        sum(case when rule_kind = 'profile' then points else 0 end) as profile_score

    from ledger
    group by score_date, sheet_id, lead_id

),

scores as (

    select
        scored_leads.score_date,
        score_sheets.sheet_id,
        scored_leads.lead_id,
        scored_leads.account_id,
        score_sheets.mql_threshold,
        cast(coalesce(ledger_sums.behavior_score, 0) as decimal(18, 2)) as behavior_score,
        cast(coalesce(ledger_sums.profile_score, 0) as decimal(18, 2)) as profile_score,
        {{ round_points(
            'score_sheets.behavior_weight * coalesce(ledger_sums.behavior_score, 0)'
            ~ ' + score_sheets.profile_weight * coalesce(ledger_sums.profile_score, 0)') }}
            as total_score

    from scored_leads
    cross join score_sheets
    left join ledger_sums
        on
            scored_leads.score_date = ledger_sums.score_date
            and score_sheets.sheet_id = ledger_sums.sheet_id
            and scored_leads.lead_id = ledger_sums.lead_id

),

final as (

    select
        scores.score_date,
        scores.sheet_id,
        scores.lead_id,
        scores.account_id,
        scores.behavior_score,
        scores.profile_score,
        scores.total_score,
        tiers.band as tier,
        grades.band as grade,
        engagements.band as engagement,
        {{ dbt.concat(['grades.band', 'engagements.band']) }} as score_matrix,
        coalesce(scores.total_score >= scores.mql_threshold, false) as is_mql

    from scores
    {{ band_join('bands', 'tiers', 'tier', 'scores.sheet_id', 'scores.total_score') }}
    {{ band_join('bands', 'grades', 'grade', 'scores.sheet_id', 'scores.profile_score') }}
    {{ band_join(
        'bands', 'engagements', 'engagement', 'scores.sheet_id', 'scores.behavior_score') }}

)

select * from final
