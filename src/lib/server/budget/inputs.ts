/**
 * The figures derived lines are computed from, read through the contracts of the other capabilities:
 *   checkin/presence.ts       attendanceCounts(db, eventId) → { expected, present }
 *   submissions/programme.ts  bookletPageCount(db, eventId) → number | null
 *   awards/totals.ts          awardTotalsByFund(db, eventId), certificateCount(db, eventId)
 *   invitations/counts.ts     letterCounts(db, eventId) → { total, emailed, toPrint }
 *
 * Each figure keeps its source (facts.*.source, and the line's derived inputs), so the page can say where a
 * number came from.
 */
import { sql } from 'kysely';
import type { Executor } from '$lib/server/db';
import { attendanceCounts } from '$lib/server/checkin/presence';
import { bookletPageCount } from '$lib/server/submissions/programme';
import { awardTotalsByFund, certificateCount } from '$lib/server/awards/totals';
import { letterCounts } from '$lib/server/invitations/counts';
import type { DeriveFacts } from './derive';
import { scheduleOf } from './derive';

/**
 * Expected people per tier, by the rule of attendanceCounts: active delegates who have not declined; a unit
 * invitation counts as one while it names nobody.
 */
async function expectedByTier(db: Executor, eventId: number): Promise<Record<number, number>> {
	const r = await sql<{ tier_id: number; n: number | string }>`
		select d.tier_id, count(*)::bigint as n from delegate d
		where d.event_id = ${eventId} and d.status = 'active' and d.reply_status <> 'declined'
			and not (d.kind = 'unit' and exists (
				select 1 from delegate ch where ch.parent_unit_id = d.id and ch.status = 'active'))
		group by d.tier_id`.execute(db);
	const out: Record<number, number> = {};
	for (const row of r.rows) out[row.tier_id] = Number(row.n);
	return out;
}

/** Everything derived lines need, for one event. */
export async function gatherFacts(db: Executor, eventId: number): Promise<DeriveFacts> {
	const ev = await db.selectFrom('event').select(['starts_at', 'ends_at']).where('id', '=', eventId).executeTakeFirstOrThrow();
	const [byTier, counted, letters, pages, awards, certificates] = await Promise.all([
		expectedByTier(db, eventId),
		attendanceCounts(db, eventId),
		letterCounts(db, eventId),
		bookletPageCount(db, eventId),
		awardTotalsByFund(db, eventId),
		certificateCount(db, eventId)
	]);
	return {
		attendance: { expected: counted.expected, present: counted.present, source: 'checkin' },
		expectedByTier: byTier,
		schedule: scheduleOf(ev.starts_at, ev.ends_at),
		letters: { total: letters.total, emailed: letters.emailed, toPrint: letters.toPrint, source: 'invitations' },
		bookletPages: pages,
		certificates,
		awards
	};
}
