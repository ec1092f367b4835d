/** Events (hội nghị) and their ordered delegate tiers. */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { DomainError, invalid, mapConstraintError, notFound } from '$lib/server/errors';
import { writeAudit, changedFields } from '$lib/server/audit';
import {
	actorOf,
	requireEventAccess,
	requireOrgPermission,
	type EventRow,
	type Principal
} from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import type { EventInput, TierInput } from './schema';
import { TIER_PRESETS, defaultPresetFor, DEFAULT_MOVEMENT } from './presets';

export type EventStatus = 'upcoming' | 'ongoing' | 'finished' | 'archived';

export const EVENT_STATUS_LABELS: Record<EventStatus, string> = {
	upcoming: 'Sắp diễn ra',
	ongoing: 'Đang diễn ra',
	finished: 'Đã kết thúc',
	archived: 'Đã lưu trữ'
};

/** Status from the dates: a conference without an end time is taken to last 10 hours. */
export function eventStatus(
	e: Pick<EventRow, 'starts_at' | 'ends_at' | 'archived_at'>,
	now = new Date()
): EventStatus {
	if (e.archived_at) return 'archived';
	const end = e.ends_at ?? new Date(e.starts_at.getTime() + 10 * 3600 * 1000);
	if (now < e.starts_at) return 'upcoming';
	if (now <= end) return 'ongoing';
	return 'finished';
}

const COLUMN: Record<keyof EventInput, string> = {
	kind: 'kind',
	title: 'title',
	movement: 'movement',
	periodLabel: 'period_label',
	startsAt: 'starts_at',
	endsAt: 'ends_at',
	venue: 'venue',
	address: 'address',
	organiserName: 'organiser_name',
	authorityParent: 'authority_parent',
	authorityName: 'authority_name',
	placeName: 'place_name',
	docNumber: 'doc_number',
	docSymbol: 'doc_symbol',
	signerPrefix: 'signer_prefix',
	signerTitle: 'signer_title',
	signerName: 'signer_name',
	notes: 'notes'
};

function toColumns(input: Partial<EventInput>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(input)) {
		const col = COLUMN[k as keyof EventInput];
		if (col && v !== undefined) out[col] = v;
	}
	return out;
}

export interface EventListItem {
	id: number;
	title: string;
	kind: EventRow['kind'];
	startsAt: Date;
	venue: string;
	organisationId: number;
	organisationName: string;
	role: string;
	status: EventStatus;
	tierCount: number;
}

/** Events of every organisation the principal belongs to. */
export async function listEvents(
	db: Executor,
	principal: Principal,
	opts: { includeArchived?: boolean; organisationId?: number } = {}
): Promise<EventListItem[]> {
	let q = db
		.selectFrom('event')
		.innerJoin('membership', (j) =>
			j.onRef('membership.organisation_id', '=', 'event.organisation_id').on('membership.user_id', '=', principal.user.id)
		)
		.innerJoin('organisation', 'organisation.id', 'event.organisation_id')
		.select([
			'event.id',
			'event.title',
			'event.kind',
			'event.starts_at',
			'event.ends_at',
			'event.archived_at',
			'event.venue',
			'event.organisation_id',
			'organisation.name as organisation_name',
			'membership.role',
			(eb) =>
				eb
					.selectFrom('tier')
					.select(eb.fn.countAll<number>().as('n'))
					.whereRef('tier.event_id', '=', 'event.id')
					.as('tier_count')
		])
		.orderBy('event.starts_at', 'desc');
	if (!opts.includeArchived) q = q.where('event.archived_at', 'is', null);
	if (opts.organisationId) q = q.where('event.organisation_id', '=', opts.organisationId);
	const rows = await q.execute();
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		kind: r.kind,
		startsAt: r.starts_at,
		venue: r.venue,
		organisationId: r.organisation_id,
		organisationName: r.organisation_name,
		role: r.role,
		status: eventStatus(r),
		tierCount: Number(r.tier_count ?? 0)
	}));
}

export async function listTiers(db: Executor, eventId: number) {
	return db
		.selectFrom('tier')
		.select(['id', 'name', 'position', 'is_leader'])
		.where('event_id', '=', eventId)
		.orderBy('position')
		.execute();
}

export async function getEvent(db: Executor, principal: Principal, eventId: number) {
	const { event, role } = await requireEventAccess(db, principal, eventId, 'event.view');
	const tiers = await listTiers(db, eventId);
	return { event, role, tiers, status: eventStatus(event) };
}

/** Creates an event in an organisation where the principal may edit events; tiers from a preset or given. */
export async function createEvent(
	db: Executor,
	principal: Principal,
	organisationId: number,
	input: EventInput,
	tiers: { presetKey?: string; tiers?: TierInput[] } = {}
): Promise<number> {
	await requireOrgPermission(db, principal, organisationId, 'event.edit');
	let tierList: TierInput[];
	if (tiers.tiers?.length) tierList = tiers.tiers;
	else {
		const preset = tiers.presetKey
			? TIER_PRESETS.find((p) => p.key === tiers.presetKey)
			: defaultPresetFor(input.startsAt);
		if (!preset) throw invalid({ tierPreset: 'Không có mẫu cấp đại biểu này' });
		tierList = preset.tiers;
	}
	return inTransaction(db, async (tx) => {
		const row = await tx
			.insertInto('event')
			.values({
				...toColumns({ ...input, movement: input.movement || DEFAULT_MOVEMENT }),
				organisation_id: organisationId,
				created_by: principal.user.id
			} as never)
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('tier')
			.values(tierList.map((t, i) => ({ event_id: row.id, name: t.name, position: i + 1, is_leader: t.isLeader })))
			.execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'event.created',
			entityType: 'event',
			entityId: row.id,
			organisationId,
			eventId: row.id,
			data: { title: input.title, kind: input.kind, tiers: tierList.map((t) => t.name) }
		});
		return row.id;
	});
}

export async function updateEvent(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: Partial<EventInput>
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'event.edit');
		const locked = await tx.selectFrom('event').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirstOrThrow();
		const cols = toColumns(input);
		const merged = { ...locked, ...cols } as EventRow;
		if (merged.ends_at && merged.ends_at <= merged.starts_at)
			throw invalid({ endsAt: 'Giờ kết thúc phải sau giờ khai mạc' });
		const changes = changedFields(locked as unknown as Record<string, unknown>, cols);
		if (!Object.keys(changes).length) return;
		await tx
			.updateTable('event')
			.set({ ...cols, updated_at: sql`now()` } as never)
			.where('id', '=', eventId)
			.execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'event.updated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: changes
		});
	});
}

export async function setEventArchived(
	db: Executor,
	principal: Principal,
	eventId: number,
	archived: boolean
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'event.edit');
		if (!!event.archived_at === archived) return;
		await tx
			.updateTable('event')
			.set({ archived_at: archived ? new Date() : null, updated_at: sql`now()` })
			.where('id', '=', eventId)
			.execute();
		await writeAudit(tx, actorOf(principal), {
			action: archived ? 'event.archived' : 'event.unarchived',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId
		});
	});
}

/**
 * Replaces the ordered tier list: tiers with an id are renamed/reordered, new ones added, missing ones
 * deleted (refused when delegates still belong to them: the foreign key says so).
 */
export async function setTiers(
	db: Executor,
	principal: Principal,
	eventId: number,
	tiers: TierInput[]
): Promise<void> {
	try {
		await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'event.edit');
			const existing = await listTiers(tx, eventId);
			const byId = new Map(existing.map((t) => [t.id, t]));
			for (const t of tiers) if (t.id !== undefined && !byId.has(t.id)) throw notFound('Không tìm thấy cấp đại biểu');
			const keep = new Set(tiers.filter((t) => t.id !== undefined).map((t) => t.id!));
			const removed = existing.filter((t) => !keep.has(t.id));
			if (removed.length)
				await tx.deleteFrom('tier').where('id', 'in', removed.map((t) => t.id)).execute();
			// Positions are unique per event but deferred, so the reorder can pass through duplicates.
			for (const [i, t] of tiers.entries()) {
				if (t.id !== undefined) {
					await tx
						.updateTable('tier')
						.set({ name: t.name, position: i + 1, is_leader: t.isLeader })
						.where('id', '=', t.id)
						.execute();
				} else {
					await tx
						.insertInto('tier')
						.values({ event_id: eventId, name: t.name, position: i + 1, is_leader: t.isLeader })
						.execute();
				}
			}
			await writeAudit(tx, actorOf(principal), {
				action: 'event.tiers.updated',
				entityType: 'event',
				entityId: eventId,
				organisationId: event.organisation_id,
				eventId,
				data: {
					before: existing.map((t) => t.name),
					after: tiers.map((t) => t.name),
					removed: removed.map((t) => t.name)
				}
			});
		});
	} catch (e) {
		const err = e as { code?: string; message?: string };
		if (err?.code === '23503')
			throw new DomainError('tier_in_use', 'Không thể xóa cấp đại biểu đang có đại biểu. Hãy chuyển đại biểu sang cấp khác trước.', { status: 409 });
		throw mapConstraintError(e, {
			tier_event_name_key: { code: 'tier_name_taken', message: 'Trùng tên cấp đại biểu', field: 'tiers' }
		});
	}
}

/** Organisations where the principal may create events. */
export async function organisationsForNewEvent(db: Executor, principal: Principal) {
	const rows = await db
		.selectFrom('membership')
		.innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
		.select(['organisation.id', 'organisation.name', 'membership.role'])
		.where('membership.user_id', '=', principal.user.id)
		.where('organisation.archived_at', 'is', null)
		.orderBy('organisation.name')
		.execute();
	return rows.filter((r) => can(r.role, 'event.edit'));
}

/** The event's latest audit rows, optionally of one capability (the action's first word: 'delegate', 'budget'…). */
export async function recentAudit(db: Executor, eventId: number, limit = 50, group: string | null = null) {
	let q = db
		.selectFrom('audit_log')
		.select(['id', 'at', 'actor_label', 'action', 'entity_type', 'entity_id', 'data'])
		.where('event_id', '=', eventId);
	if (group) q = q.where('action', 'like', `${group.replace(/[\\%_]/g, '\\$&')}.%`);
	return q.orderBy('id', 'desc').limit(limit).execute();
}
