/**
 * Protocol order (thứ tự lễ tân): tier position, then protocol rank (Tỉnh ủy, HĐND, UBND, MTTQ, Đoàn ĐBQH,
 * sở ngành, …; lower first), then the organiser's manual order, then Vietnamese name order as a tie-break.
 * Every list that follows protocol (letters, seating, the MC's introductions, presenters) uses this.
 */
import type { Selectable } from 'kysely';
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
