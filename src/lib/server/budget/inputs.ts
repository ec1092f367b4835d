/**
 * The figures derived lines are computed from, read through the contracts of the other capabilities:
 *   checkin/presence.ts       attendanceCounts(db, eventId) → { expected, present }
 *   invitations/counts.ts     letterCounts(db, eventId) → { total, emailed, toPrint }
 *   submissions/programme.ts  bookletPageCount(db, eventId) → number | null
 *   awards/totals.ts          awardTotalsByFund(db, eventId), certificateCount(db, eventId)
 *
 * They are found with import.meta.glob, so this file builds whether or not a capability has landed yet and
 * picks a module up at the next build once it exists. Until then: attendance and letters are counted from
 * the delegate table (the same rules), the rest is "chưa có dữ liệu" (null).
 */
import { sql } from 'kysely';
import type { Executor } from '$lib/server/db';
import type { AwardFund, DeriveFacts } from './derive';
import { scheduleOf } from './derive';

interface PresenceModule {
	attendanceCounts?: (db: Executor, eventId: number) => Promise<{ expected: number; present: number }>;
}
interface LettersModule {
	letterCounts?: (db: Executor, eventId: number) => Promise<{ total: number; emailed: number; toPrint: number }>;
}
interface ProgrammeModule {
	bookletPageCount?: (db: Executor, eventId: number) => Promise<number | null>;
}
interface AwardsModule {
	awardTotalsByFund?: (db: Executor, eventId: number) => Promise<AwardFund[]>;
	certificateCount?: (db: Executor, eventId: number) => Promise<number>;
}

const presenceModules = import.meta.glob<PresenceModule>('../checkin/presence.ts');
const letterModules = import.meta.glob<LettersModule>('../invitations/counts.ts');
const programmeModules = import.meta.glob<ProgrammeModule>('../submissions/programme.ts');
const awardModules = import.meta.glob<AwardsModule>('../awards/totals.ts');

async function load<T>(mods: Record<string, () => Promise<T>>): Promise<T | null> {
	const f = Object.values(mods)[0];
	return f ? f() : null;
}

/** Which contracts are present in this build (shown on the page, so "chưa có dữ liệu" is explained). */
export function availableContracts() {
	return {
		checkin: Object.keys(presenceModules).length > 0,
		invitations: Object.keys(letterModules).length > 0,
		programme: Object.keys(programmeModules).length > 0,
		awards: Object.keys(awardModules).length > 0
	};
}

/**
 * A contract whose tables are not migrated yet (a capability half landed) answers "undefined table":
 * treat it as absent rather than failing the budget page. Called outside any transaction, since a failed
 * statement would poison it.
 */
async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
	try {
		return await fn();
	} catch (e) {
		const code = (e as { code?: string })?.code;
		if (code === '42P01' || code === '42703') return undefined;
		throw e;
	}
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
	const byTier = await expectedByTier(db, eventId);

	const presence = await load(presenceModules);
	const counted = presence?.attendanceCounts ? await attempt(() => presence.attendanceCounts!(db, eventId)) : undefined;
	const attendance: DeriveFacts['attendance'] = counted
		? { expected: counted.expected, present: counted.present, source: 'checkin' }
		: { expected: Object.values(byTier).reduce((a, b) => a + b, 0), present: null, source: 'delegates' };

	const lettersMod = await load(letterModules);
	const lc = lettersMod?.letterCounts ? await attempt(() => lettersMod.letterCounts!(db, eventId)) : undefined;
	const letters: DeriveFacts['letters'] = lc ? { ...lc, source: 'invitations' } : { ...(await lettersFromDelegates(db, eventId)), source: 'delegates' };

	const programme = await load(programmeModules);
	const pages = programme?.bookletPageCount ? await attempt(() => programme.bookletPageCount!(db, eventId)) : undefined;

	const awardsMod = await load(awardModules);
	const awards = awardsMod?.awardTotalsByFund ? await attempt(() => awardsMod.awardTotalsByFund!(db, eventId)) : undefined;
	const certificates = awardsMod?.certificateCount ? await attempt(() => awardsMod.certificateCount!(db, eventId)) : undefined;

	return {
		attendance,
		expectedByTier: byTier,
		schedule: scheduleOf(ev.starts_at, ev.ends_at),
		letters,
		bookletPages: pages ?? null,
		certificates: certificates ?? null,
		awards: awards ?? null
	};
}
