/**
 * The figures derived lines are computed from, read through the contracts of the other capabilities:
 *   checkin/presence.ts       attendanceCounts(db, eventId) → { expected, present }
 *   submissions/programme.ts  bookletPageCount(db, eventId) → number | null
 *   awards/totals.ts          awardTotalsByFund(db, eventId), certificateCount(db, eventId)
 *   invitations/counts.ts     letterCounts(db, eventId) → { total, emailed, toPrint }
 *
 * The last one had not landed when this was written: it is found with import.meta.glob, so this file builds
 * without it and picks it up at the next build once it exists. Until then letters are counted from the
 * delegate table (every letter printed for the file; those without email also posted).
 */
import { sql } from 'kysely';
import type { Executor } from '$lib/server/db';
import { attendanceCounts } from '$lib/server/checkin/presence';
import { bookletPageCount } from '$lib/server/submissions/programme';
import { awardTotalsByFund, certificateCount } from '$lib/server/awards/totals';
import type { DeriveFacts } from './derive';
import { scheduleOf } from './derive';

interface LettersModule {
	letterCounts?: (db: Executor, eventId: number) => Promise<{ total: number; emailed: number; toPrint: number }>;
}

const letterModules = import.meta.glob<LettersModule>('../invitations/counts.ts');

/** Which contracts are present in this build (shown on the page, so "chưa có dữ liệu" is explained). */
export function availableContracts() {
	return { checkin: true, invitations: Object.keys(letterModules).length > 0, programme: true, awards: true };
}

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

/** Letters from the delegate table: one per addressee (persons named by a unit's reply get none). */
async function lettersFromDelegates(db: Executor, eventId: number) {
	const r = await sql<{ total: number | string; emailed: number | string }>`
		select count(*)::bigint as total, count(*) filter (where d.email is not null and d.email <> '')::bigint as emailed
		from delegate d where d.event_id = ${eventId} and d.status = 'active' and d.parent_unit_id is null`.execute(db);
	const total = Number(r.rows[0]?.total ?? 0);
	const emailed = Number(r.rows[0]?.emailed ?? 0);
	return { total, emailed, toPrint: total - emailed };
}

/** Everything derived lines need, for one event. */
export async function gatherFacts(db: Executor, eventId: number): Promise<DeriveFacts> {
	const ev = await db.selectFrom('event').select(['starts_at', 'ends_at']).where('id', '=', eventId).executeTakeFirstOrThrow();
	const [byTier, counted, pages, awards, certificates] = await Promise.all([
		expectedByTier(db, eventId),
		attendanceCounts(db, eventId),
		bookletPageCount(db, eventId),
		awardTotalsByFund(db, eventId),
		certificateCount(db, eventId)
	]);
	const lettersLoader = Object.values(letterModules)[0];
	const lettersMod = lettersLoader ? await lettersLoader() : null;
	const lc = lettersMod?.letterCounts ? await lettersMod.letterCounts(db, eventId) : null;
	return {
		attendance: { expected: counted.expected, present: counted.present, source: 'checkin' },
		expectedByTier: byTier,
		schedule: scheduleOf(ev.starts_at, ev.ends_at),
		letters: lc ? { ...lc, source: 'invitations' } : { ...(await lettersFromDelegates(db, eventId)), source: 'delegates' },
		bookletPages: pages,
		certificates,
		awards
	};
}
