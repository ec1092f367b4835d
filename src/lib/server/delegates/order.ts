/**
 * Protocol order (thứ tự lễ tân): tier position, then protocol rank (Tỉnh ủy, HĐND, UBND, MTTQ, Đoàn ĐBQH,
 * sở ngành, …; lower first), then the organiser's manual order, then Vietnamese name order as a tie-break.
 * Every list that follows protocol (letters, seating, the MC's introductions, presenters) uses this.
 */
import { sql, type Selectable } from 'kysely';
import type { Executor } from '$lib/server/db';
import { compareVietnameseNames } from '$lib/format';
import type { DelegateTable, DelegateStatus } from './tables';

export type DelegateRow = Selectable<DelegateTable> & { tier_name: string; tier_position: number; tier_is_leader: boolean };

export function compareProtocol(a: DelegateRow, b: DelegateRow): number {
	return (
		a.tier_position - b.tier_position ||
		a.protocol_rank - b.protocol_rank ||
		a.sort_order - b.sort_order ||
		compareVietnameseNames(a.full_name || a.addressed_to, b.full_name || b.addressed_to) ||
		a.id - b.id
	);
}

/** The event's delegates in protocol order (active ones unless statuses say otherwise). */
export async function orderedDelegates(
	db: Executor,
	eventId: number,
	opts: { statuses?: DelegateStatus[]; tierId?: number } = {}
): Promise<DelegateRow[]> {
	let q = db
		.selectFrom('delegate')
		.innerJoin('tier', 'tier.id', 'delegate.tier_id')
		.selectAll('delegate')
		.select(['tier.name as tier_name', 'tier.position as tier_position', 'tier.is_leader as tier_is_leader'])
		.where('delegate.event_id', '=', eventId)
		.where('delegate.status', 'in', opts.statuses ?? ['active']);
	if (opts.tierId) q = q.where('delegate.tier_id', '=', opts.tierId);
	const rows = (await q.execute()) as DelegateRow[];
	return rows.sort(compareProtocol);
}

/**
 * One active delegate's number (STT) in the protocol list of the event, without sorting the list: the rows
 * before it by tier, rank and manual order are counted in SQL, the few that tie on all three are compared
 * here by name. Null when the delegate is not active.
 */
export async function protocolNumber(db: Executor, eventId: number, delegate: DelegateRow): Promise<number | null> {
	if (delegate.status !== 'active') return null;
	const key = sql`(${delegate.tier_position}::int, ${delegate.protocol_rank}::int, ${delegate.sort_order}::int)`;
	const before = await sql<{ n: string | number }>`
		select count(*) as n from delegate d join tier t on t.id = d.tier_id
		where d.event_id = ${eventId} and d.status = 'active' and (t.position, d.protocol_rank, d.sort_order) < ${key}`.execute(db);
	const tied = (await db
		.selectFrom('delegate')
		.innerJoin('tier', 'tier.id', 'delegate.tier_id')
		.selectAll('delegate')
		.select(['tier.name as tier_name', 'tier.position as tier_position', 'tier.is_leader as tier_is_leader'])
		.where('delegate.event_id', '=', eventId)
		.where('delegate.status', '=', 'active')
		.where('tier.position', '=', delegate.tier_position)
		.where('delegate.protocol_rank', '=', delegate.protocol_rank)
		.where('delegate.sort_order', '=', delegate.sort_order)
		.execute()) as DelegateRow[];
	return Number(before.rows[0]?.n ?? 0) + tied.filter((r) => compareProtocol(r, delegate) < 0).length + 1;
}

/** One delegate of the event with its tier (the row orderedDelegates gives), or undefined. */
export async function delegateRow(db: Executor, eventId: number, delegateId: number): Promise<DelegateRow | undefined> {
	return (await db
		.selectFrom('delegate')
		.innerJoin('tier', 'tier.id', 'delegate.tier_id')
		.selectAll('delegate')
		.select(['tier.name as tier_name', 'tier.position as tier_position', 'tier.is_leader as tier_is_leader'])
		.where('delegate.event_id', '=', eventId)
		.where('delegate.id', '=', delegateId)
		.executeTakeFirst()) as DelegateRow | undefined;
}
