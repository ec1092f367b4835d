/**
 * The delegate list of an event: list and filters, add / edit / cancel, reply status recorded by the
 * office, protocol order (drag within a tier, rank numbers, tier changes), placing substitutes and
 * people named by a unit, and `addUnitAttendee` for the public reply page.
 *
 * Imports live in import.ts, the seating plan in seating.ts, spreadsheet and PDF output in export.ts.
 */
import { sql, type Selectable } from 'kysely';
import { inTransaction, type Executor, type Tx } from '$lib/server/db';
import { DomainError, conflict, invalid, mapConstraintError, notFound } from '$lib/server/errors';
import { writeAudit, changedFields, type Actor } from '$lib/server/audit';
import { actorOf, requireEventAccess, type Principal } from '$lib/server/auth/access';
import { compareVietnameseNames, matchesSearchKey, normalizeText, searchKey } from '$lib/format';
import { recordReply } from '$lib/server/invitations/service';
import { insertDelegates, refreshDelegateKeys, rotateToken } from './repository';
import { compareProtocol, type DelegateRow } from './order';
import { defaultProtocolRank, unitLetterRank } from './rank';
import type { DelegateInput, ListFilters, UnitAttendeeInput } from './schema';
import { REPLY_STATUS_LABELS, parseDelegateInput } from './schema';
import type { DelegateKind, DelegateTable, ReplyStatus } from './tables';

export { REPLY_STATUS_LABELS };

/** Rank given to people named by a unit before the organiser places them: after their unit. */
const UNIT_ATTENDEE_RANK_OFFSET = 0;

/** Constraint names → domain errors (the database is the last line of defence). */
const CONSTRAINTS = {
	delegate_event_identity_key: {
		code: 'duplicate_delegate',
		message: 'Đại biểu này (cùng họ tên và đơn vị) đã có trong danh sách',
		field: 'fullName'
	},
	delegate_email_format: { code: 'invalid_input', message: 'Email không hợp lệ', field: 'email' },
	delegate_places_check: { code: 'invalid_input', message: 'Số người dự từ 1 đến 100', field: 'places' },
	delegate_person_has_name: { code: 'invalid_input', message: 'Vui lòng nhập họ và tên', field: 'fullName' },
	delegate_unit_has_addressee: {
		code: 'invalid_input',
		message: 'Vui lòng nhập nơi nhận thư mời',
		field: 'addressedTo'
	}
};

export function mapDelegateConstraint(e: unknown): unknown {
	return mapConstraintError(e, CONSTRAINTS);
}

/** What the list and the API show of a delegate. */
export interface DelegateListItem {
	id: number;
	code: string;
	kind: DelegateKind;
	tierId: number;
	tierName: string;
	tierPosition: number;
	salutation: 'Ông' | 'Bà' | null;
	fullName: string;
	addressedTo: string;
	position: string;
	unit: string;
	places: number;
	email: string | null;
	phone: string | null;
	seat: string;
	notes: string;
	protocolRank: number;
	sortOrder: number;
	replyStatus: ReplyStatus;
	replyNote: string;
	repliedAt: string | null;
	repliedVia: string | null;
	status: Selectable<DelegateTable>['status'];
	source: Selectable<DelegateTable>['source'];
	substituteFor: number | null;
	/** "Nguyễn Văn A (Giám đốc Sở Tài chính)" when this row replaces someone. */
	substituteForLabel: string | null;
	parentUnitId: number | null;
	parentUnitLabel: string | null;
	/** Active people named by this unit invitation. */
	attendeeCount: number;
	needsPlacing: boolean;
	searchKey: string;
}

/** The display name of a row: the person, or the addressee of a unit letter. */
export function delegateLabel(d: { kind: DelegateKind; full_name: string; addressed_to: string; unit: string }): string {
	return d.kind === 'unit' ? d.addressed_to || d.unit : d.full_name;
}

export function needsPlacing(d: { source: string; placed_at: Date | null; status: string }): boolean {
	return d.status === 'active' && d.placed_at === null && (d.source === 'substitute' || d.source === 'unit_reply');
}

function toItem(
	d: DelegateRow,
	labels: Map<number, DelegateRow>,
	attendees: Map<number, number>
): DelegateListItem {
	const sub = d.substitute_for ? labels.get(d.substitute_for) : undefined;
	const parent = d.parent_unit_id ? labels.get(d.parent_unit_id) : undefined;
	return {
		id: d.id,
		code: d.code,
		kind: d.kind,
		tierId: d.tier_id,
		tierName: d.tier_name,
		tierPosition: d.tier_position,
		salutation: d.salutation,
		fullName: d.full_name,
		addressedTo: d.addressed_to,
		position: d.position,
		unit: d.unit,
		places: d.places,
		email: d.email,
		phone: d.phone,
		seat: d.seat,
		notes: d.notes,
		protocolRank: d.protocol_rank,
		sortOrder: d.sort_order,
		replyStatus: d.reply_status,
		replyNote: d.reply_note,
		repliedAt: d.replied_at ? new Date(d.replied_at).toISOString() : null,
		repliedVia: d.replied_via,
		status: d.status,
		source: d.source,
		substituteFor: d.substitute_for,
		substituteForLabel: sub
			? `${delegateLabel(sub)}${sub.position || sub.unit ? ` (${[sub.position, sub.unit].filter(Boolean).join(', ')})` : ''}`
			: null,
		parentUnitId: d.parent_unit_id,
		parentUnitLabel: parent ? delegateLabel(parent) : null,
		attendeeCount: attendees.get(d.id) ?? 0,
		needsPlacing: needsPlacing(d),
		searchKey: d.search_key
	};
}

function eventRowsQuery(db: Executor, eventId: number) {
	return db
		.selectFrom('delegate')
		.innerJoin('tier', 'tier.id', 'delegate.tier_id')
		.selectAll('delegate')
		.select(['tier.name as tier_name', 'tier.position as tier_position', 'tier.is_leader as tier_is_leader'])
		.where('delegate.event_id', '=', eventId);
}

async function eventRows(db: Executor, eventId: number): Promise<DelegateRow[]> {
	return (await eventRowsQuery(db, eventId).execute()) as DelegateRow[];
}

/**
 * The event's delegates with filters, in protocol order (or Vietnamese name order). Every row of
 * the event is read once (a conference has hundreds, a large one a few thousand) so labels of
 * principals and units need no second query.
 */
export async function listDelegates(
	db: Executor,
	principal: Principal,
	eventId: number,
	filters: ListFilters = {}
): Promise<DelegateListItem[]> {
	await requireEventAccess(db, principal, eventId, 'delegate.view');
	return listDelegateItems(db, eventId, filters);
}

/** listDelegates without the access check (callers have done it). */
export async function listDelegateItems(db: Executor, eventId: number, filters: ListFilters = {}): Promise<DelegateListItem[]> {
	const all = await eventRows(db, eventId);
	const byId = new Map(all.map((d) => [d.id, d]));
	const attendees = new Map<number, number>();
	for (const d of all) {
		if (d.parent_unit_id && d.status === 'active') attendees.set(d.parent_unit_id, (attendees.get(d.parent_unit_id) ?? 0) + 1);
	}
	const status = filters.status ?? 'active';
	const q = filters.q ? searchKey(filters.q) : '';
	let rows = all.filter(
		(d) =>
			(status === 'all' || d.status === status || (status === 'current' && (d.status === 'active' || d.status === 'replaced'))) &&
			(!filters.tierId || d.tier_id === filters.tierId) &&
			(!filters.replyStatus || d.reply_status === filters.replyStatus) &&
			(!filters.kind || d.kind === filters.kind) &&
			(!filters.needsPlacing || needsPlacing(d)) &&
			(!q || matchesSearchKey(d.search_key, q))
	);
	rows =
		filters.sort === 'name'
			? rows.sort((a, b) => compareVietnameseNames(delegateLabel(a), delegateLabel(b)) || a.id - b.id)
			: rows.sort(compareProtocol);
	return rows.map((d) => toItem(d, byId, attendees));
}

export interface DelegateSummary {
	/** Active rows (people and unit letters). */
	total: number;
	people: number;
	units: number;
	/** Places offered to units, people already named by them. */
	unitPlaces: number;
	unitNamed: number;
	byTier: { tierId: number; name: string; total: number; attending: number }[];
	byReply: Record<ReplyStatus, number>;
	needsPlacing: number;
	withoutContact: number;
}

/** Counts by tier and by reply status (the list header and the event overview card). */
export async function delegateSummary(db: Executor, principal: Principal, eventId: number): Promise<DelegateSummary> {
	await requireEventAccess(db, principal, eventId, 'delegate.view');
	return summaryOf(db, eventId);
}

export async function summaryOf(db: Executor, eventId: number): Promise<DelegateSummary> {
	const tiers = await db.selectFrom('tier').select(['id', 'name']).where('event_id', '=', eventId).orderBy('position').execute();
	const rows = await db
		.selectFrom('delegate')
		.select(['tier_id', 'kind', 'reply_status', 'places', 'parent_unit_id', 'source', 'placed_at', 'status', 'email', 'phone'])
		.where('event_id', '=', eventId)
		.where('status', 'in', ['active', 'replaced'])
		.execute();
	const byReply: Record<ReplyStatus, number> = { pending: 0, attending: 0, declined: 0, substituted: 0 };
	const tierMap = new Map(tiers.map((t) => [t.id, { tierId: t.id, name: t.name, total: 0, attending: 0 }]));
	const s: DelegateSummary = {
		total: rows.filter((r) => r.status === 'active').length,
		people: 0,
		units: 0,
		unitPlaces: 0,
		unitNamed: 0,
		byTier: [],
		byReply,
		needsPlacing: 0,
		withoutContact: 0
	};
	for (const r of rows) {
		// A delegate who sent a substitute is counted once, under "cử người dự thay"; the substitute
		// is an active row of their own.
		if (r.status === 'replaced') {
			if (r.reply_status === 'substituted') byReply.substituted++;
			continue;
		}
		byReply[r.reply_status]++;
		const t = tierMap.get(r.tier_id);
		if (t) {
			t.total++;
			if (r.reply_status === 'attending') t.attending++;
		}
		if (r.kind === 'unit') {
			s.units++;
			s.unitPlaces += r.places;
		} else s.people++;
		if (r.parent_unit_id) s.unitNamed++;
		if (needsPlacing(r)) s.needsPlacing++;
		if (!r.email && !r.phone) s.withoutContact++;
	}
	s.byTier = [...tierMap.values()];
	return s;
}

export interface DelegateDetail {
	delegate: DelegateListItem;
	/** Who replaces this delegate (when they sent a substitute). */
	substitutes: DelegateListItem[];
	/** People named by this unit invitation. */
	attendees: DelegateListItem[];
	defaultRank: number;
}

export async function getDelegate(db: Executor, principal: Principal, eventId: number, delegateId: number): Promise<DelegateDetail> {
	await requireEventAccess(db, principal, eventId, 'delegate.view');
	const all = await delegateFamily(db, eventId, delegateId);
	const d = all.find((x) => x.id === delegateId);
	if (!d) throw notFound('Không tìm thấy đại biểu');
	return {
		delegate: d,
		substitutes: all.filter((x) => x.substituteFor === d.id),
		attendees: all.filter((x) => x.parentUnitId === d.id),
		defaultRank: d.kind === 'unit' ? unitLetterRank(d.position, d.unit, d.addressedTo) : defaultProtocolRank(d.position, d.unit)
	};
}

/**
 * A delegate, who replaces them and the people a unit named, as list items in protocol order: a few rows by
 * index (and the rows their labels name), not the whole list, so one delegate's page costs the same with
 * 150 or 15 000 delegates.
 */
async function delegateFamily(db: Executor, eventId: number, delegateId: number): Promise<DelegateListItem[]> {
	const rows = (await eventRowsQuery(db, eventId)
		.where((eb) => eb.or([eb('delegate.id', '=', delegateId), eb('delegate.substitute_for', '=', delegateId), eb('delegate.parent_unit_id', '=', delegateId)]))
		.execute()) as DelegateRow[];
	if (!rows.some((r) => r.id === delegateId)) return [];
	const byId = new Map(rows.map((r) => [r.id, r]));
	const named = [...new Set(rows.flatMap((r) => [r.substitute_for, r.parent_unit_id]).filter((x): x is number => !!x && !byId.has(x)))];
	if (named.length) for (const r of (await eventRowsQuery(db, eventId).where('delegate.id', 'in', named).execute()) as DelegateRow[]) byId.set(r.id, r);
	const attendees = new Map<number, number>();
	const counted = await db
		.selectFrom('delegate')
		.select(['parent_unit_id', (eb) => eb.fn.countAll<string>().as('n')])
		.where('event_id', '=', eventId)
		.where('status', '=', 'active')
		.where('parent_unit_id', 'in', rows.map((r) => r.id))
		.groupBy('parent_unit_id')
		.execute();
	for (const c of counted) attendees.set(c.parent_unit_id!, Number(c.n));
	return rows.sort(compareProtocol).map((r) => toItem(r, byId, attendees));
}

async function requireTier(db: Executor, eventId: number, tierId: number) {
	const t = await db.selectFrom('tier').select(['id', 'name']).where('id', '=', tierId).where('event_id', '=', eventId).executeTakeFirst();
	if (!t) throw invalid({ tierId: 'Cấp đại biểu không thuộc hội nghị này' });
	return t;
}

/** The delegate row of the event, locked for the rest of the transaction. */
async function lockDelegate(tx: Tx, eventId: number, delegateId: number) {
	const d = await tx
		.selectFrom('delegate')
		.selectAll()
		.where('id', '=', delegateId)
		.where('event_id', '=', eventId)
		.forUpdate()
		.executeTakeFirst();
	if (!d) throw notFound('Không tìm thấy đại biểu');
	return d;
}

/** The next manual order value at the end of the event's list. */
async function nextSortOrder(db: Executor, eventId: number): Promise<number> {
	const r = await db
		.selectFrom('delegate')
		.select((eb) => eb.fn.max('sort_order').as('m'))
		.where('event_id', '=', eventId)
		.executeTakeFirst();
	return Number(r?.m ?? 0) + 10;
}

/** Adds a person or a unit invitation. Returns the new id. */
export async function createDelegate(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: DelegateInput,
	opts: { source?: 'manual' | 'api' } = {}
): Promise<number> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
			await requireTier(tx, eventId, input.tierId);
			const isUnit = input.kind === 'unit';
			const rank =
				input.protocolRank ??
				(isUnit ? unitLetterRank(input.position, input.unit, input.addressedTo) : defaultProtocolRank(input.position, input.unit));
			const [row] = await insertDelegates(tx, [
				{
					event_id: eventId,
					tier_id: input.tierId,
					kind: input.kind,
					salutation: isUnit ? null : input.salutation,
					full_name: isUnit ? '' : input.fullName,
					position: input.position,
					unit: input.unit,
					addressed_to: isUnit ? input.addressedTo || `Lãnh đạo ${input.unit}` : '',
					places: isUnit ? input.places : 1,
					email: input.email,
					phone: input.phone,
					seat: input.seat,
					notes: input.notes,
					protocol_rank: rank,
					sort_order: await nextSortOrder(tx, eventId),
					source: opts.source ?? 'manual'
				}
			]);
			await writeAudit(tx, actorOf(principal), {
				action: 'delegate.created',
				entityType: 'delegate',
				entityId: row.id,
				organisationId: event.organisation_id,
				eventId,
				data: { kind: input.kind, name: isUnit ? input.addressedTo || input.unit : input.fullName, unit: input.unit, tierId: input.tierId, rank }
			});
			return row.id;
		});
	} catch (e) {
		throw mapDelegateConstraint(e);
	}
}

const COLUMNS: Partial<Record<keyof DelegateInput, keyof DelegateTable>> = {
	kind: 'kind',
	tierId: 'tier_id',
	salutation: 'salutation',
	fullName: 'full_name',
	position: 'position',
	unit: 'unit',
	addressedTo: 'addressed_to',
	places: 'places',
	email: 'email',
	phone: 'phone',
	seat: 'seat',
	notes: 'notes',
	protocolRank: 'protocol_rank'
};

/** Edits the fields given. A unit's places cannot drop below the people it has already named. */
export async function updateDelegate(
	db: Executor,
	principal: Principal,
	eventId: number,
	delegateId: number,
	input: Partial<DelegateInput>
): Promise<void> {
	try {
		await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
			const before = await lockDelegate(tx, eventId, delegateId);
			if (input.tierId !== undefined) await requireTier(tx, eventId, input.tierId);
			const cols: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(input)) {
				const col = COLUMNS[k as keyof DelegateInput];
				if (col && v !== undefined) cols[col] = v;
			}
			// An emptied rank number means "the default for the position".
			if ('protocol_rank' in cols && cols.protocol_rank === null) {
				const position = (cols.position as string | undefined) ?? before.position;
				const unit = (cols.unit as string | undefined) ?? before.unit;
				const kind = (cols.kind as string | undefined) ?? before.kind;
				cols.protocol_rank =
					kind === 'unit'
						? unitLetterRank(position, unit, (cols.addressed_to as string | undefined) ?? before.addressed_to)
						: defaultProtocolRank(position, unit);
			}
			const merged = { ...before, ...cols } as Selectable<DelegateTable>;
			if (merged.kind === 'person') {
				if (!merged.full_name) throw invalid({ fullName: 'Vui lòng nhập họ và tên' });
				if (before.kind === 'unit') {
					const named = await countAttendees(tx, delegateId);
					if (named > 0) throw conflict('unit_has_attendees', 'Thư mời đơn vị đã có người được cử: không đổi thành đại biểu cá nhân được');
				}
				cols.places = 1;
			} else {
				if (!merged.addressed_to && !merged.unit) throw invalid({ addressedTo: 'Vui lòng nhập nơi nhận thư mời' });
				if (!merged.addressed_to) cols.addressed_to = `Lãnh đạo ${merged.unit}`;
				cols.full_name = '';
				cols.salutation = null;
				const named = await countAttendees(tx, delegateId);
				if (merged.places < named)
					throw invalid({ places: `Đơn vị đã cử ${named} người: số người dự không được nhỏ hơn ${named}` });
			}
			const changes = changedFields(before as unknown as Record<string, unknown>, cols);
			if (!Object.keys(changes).length) return;
			// A seat typed by hand replaces a seat of the plan.
			if ('seat' in changes) await tx.deleteFrom('seat_assignment').where('delegate_id', '=', delegateId).execute();
			await tx
				.updateTable('delegate')
				.set({ ...cols, updated_at: sql`now()` } as never)
				.where('id', '=', delegateId)
				.execute();
			await refreshDelegateKeys(tx, delegateId);
			await writeAudit(tx, actorOf(principal), {
				action: 'delegate.updated',
				entityType: 'delegate',
				entityId: delegateId,
				organisationId: event.organisation_id,
				eventId,
				data: changes
			});
		});
	} catch (e) {
		throw mapDelegateConstraint(e);
	}
}

async function countAttendees(db: Executor, unitId: number): Promise<number> {
	const r = await db
		.selectFrom('delegate')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('parent_unit_id', '=', unitId)
		.where('status', '=', 'active')
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/**
 * Cancels an invitation (the row stays, for the record): the personal link stops working, the seat is
 * freed. People named by a cancelled unit are cancelled with it.
 */
export async function cancelDelegate(db: Executor, principal: Principal, eventId: number, delegateId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		const d = await lockDelegate(tx, eventId, delegateId);
		if (d.status === 'cancelled') return;
		const children = await tx
			.selectFrom('delegate')
			.select('id')
			.where('parent_unit_id', '=', delegateId)
			.where('status', '=', 'active')
			.execute();
		const ids = [delegateId, ...children.map((c) => c.id)];
		await tx.updateTable('delegate').set({ status: 'cancelled', updated_at: sql`now()` }).where('id', 'in', ids).execute();
		await tx.deleteFrom('seat_assignment').where('delegate_id', 'in', ids).execute();
		await tx.updateTable('delegate').set({ seat: '' }).where('id', 'in', ids).execute();
		for (const id of ids) await rotateToken(tx, id);
		await writeAudit(tx, actorOf(principal), {
			action: 'delegate.cancelled',
			entityType: 'delegate',
			entityId: delegateId,
			organisationId: event.organisation_id,
			eventId,
			data: { name: delegateLabel(d), alsoCancelled: children.map((c) => c.id) }
		});
	});
}

/** Puts a cancelled invitation back on the list (refused when the same person was added again). */
export async function restoreDelegate(db: Executor, principal: Principal, eventId: number, delegateId: number): Promise<void> {
	try {
		await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
			const d = await lockDelegate(tx, eventId, delegateId);
			if (d.status !== 'cancelled') return;
			await tx.updateTable('delegate').set({ status: 'active', updated_at: sql`now()` }).where('id', '=', delegateId).execute();
			await writeAudit(tx, actorOf(principal), {
				action: 'delegate.restored',
				entityType: 'delegate',
				entityId: delegateId,
				organisationId: event.organisation_id,
				eventId,
				data: { name: delegateLabel(d) }
			});
		});
	} catch (e) {
		throw mapDelegateConstraint(e);
	}
}

/**
 * The office records a reply it received by phone or paper: the list's inline status. Replies have one
 * code path, the invitations capability's recordReply (audit, live counts), used here as it is;
 * 'substituted' is set only by naming a substitute (the invitations pages), not here.
 */
export async function setReplyStatus(
	db: Executor,
	principal: Principal,
	eventId: number,
	delegateId: number,
	status: ReplyStatus,
	opts: { note?: string; via?: 'phone' | 'paper' | 'email' | 'organiser' } = {}
): Promise<void> {
	// Access before the status is looked at (recordReply checks it again in its transaction).
	await requireEventAccess(db, principal, eventId, 'invitation.send');
	if (status !== 'pending' && status !== 'attending' && status !== 'declined')
		throw invalid({ replyStatus: 'Trạng thái phản hồi không hợp lệ' }, 'Chỉ ghi được: chưa phản hồi, tham dự, không tham dự. Người dự thay được cử ở trang giấy mời.');
	await recordReply(db, principal, eventId, delegateId, { status, note: opts.note ?? '', via: opts.via ?? 'organiser' });
}

/**
 * Ranks that put `ranks` (in the wanted order) in non-decreasing order while changing as few as
 * possible: the longest non-decreasing run is kept, every other item takes the rank of the item
 * before it (or after it, at the top). A delegate dragged up or down thus takes its new
 * neighbour's rank; the others keep theirs.
 */
export function ranksForOrder(ranks: number[]): number[] {
	const n = ranks.length;
	if (n === 0) return [];
	// Longest non-decreasing subsequence, O(n log n), with back pointers.
	const tailIdx: number[] = [];
	const prev = new Array<number>(n).fill(-1);
	for (let i = 0; i < n; i++) {
		let lo = 0;
		let hi = tailIdx.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (ranks[tailIdx[mid]] <= ranks[i]) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0) prev[i] = tailIdx[lo - 1];
		tailIdx[lo] = i;
	}
	const keep = new Set<number>();
	for (let i = tailIdx[tailIdx.length - 1]; i >= 0; i = prev[i]) keep.add(i);
	const out = ranks.slice();
	const firstKept = Math.min(...keep);
	for (let i = 0; i < n; i++) {
		if (keep.has(i)) continue;
		out[i] = i === 0 || i < firstKept ? ranks[firstKept] : out[i - 1];
	}
	return out;
}

/**
 * Sets the order of one tier from a list of its delegates' ids (the order page's drag and drop or
 * keyboard moves). Ranks change as little as possible (ranksForOrder); the manual order follows
 * the list. Ids must be the tier's active delegates, each once.
 */
export async function reorderTier(
	db: Executor,
	principal: Principal,
	eventId: number,
	tierId: number,
	orderedIds: number[]
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		await requireTier(tx, eventId, tierId);
		await lockEventDelegates(tx, eventId);
		const rows = await tx
			.selectFrom('delegate')
			.select(['id', 'protocol_rank', 'sort_order', 'full_name', 'addressed_to'])
			.where('event_id', '=', eventId)
			.where('tier_id', '=', tierId)
			.where('status', '=', 'active')
			.execute();
		const byId = new Map(rows.map((r) => [r.id, r]));
		const seen = new Set<number>();
		for (const id of orderedIds) {
			if (!byId.has(id) || seen.has(id))
				throw new DomainError('order_mismatch', 'Danh sách sắp xếp không khớp với đại biểu của cấp này: hãy tải lại trang', { status: 409 });
			seen.add(id);
		}
		if (seen.size !== rows.length)
			throw new DomainError('order_mismatch', 'Danh sách đã thay đổi (có người được thêm hoặc bớt): hãy tải lại trang', { status: 409 });
		const ranks = ranksForOrder(orderedIds.map((id) => byId.get(id)!.protocol_rank));
		const changed: { id: number; rank: number; from: number }[] = [];
		const values = orderedIds.map((id, i) => {
			const r = byId.get(id)!;
			if (r.protocol_rank !== ranks[i]) changed.push({ id, rank: ranks[i], from: r.protocol_rank });
			return sql`(${id}::int, ${ranks[i]}::int, ${(i + 1) * 10}::int)`;
		});
		for (let i = 0; i < values.length; i += 1000) {
			await sql`update delegate set protocol_rank = v.r, sort_order = v.s, updated_at = now()
				from (values ${sql.join(values.slice(i, i + 1000))}) as v(id, r, s) where delegate.id = v.id`.execute(tx);
		}
		await writeAudit(tx, actorOf(principal), {
			action: 'delegate.reordered',
			entityType: 'tier',
			entityId: tierId,
			organisationId: event.organisation_id,
			eventId,
			data: { count: orderedIds.length, rankChanges: changed.slice(0, 50) }
		});
	});
}

/** Moves a delegate one place up or down within its tier (the order page's buttons). */
export async function moveDelegate(
	db: Executor,
	principal: Principal,
	eventId: number,
	delegateId: number,
	direction: 'up' | 'down'
): Promise<void> {
	await requireEventAccess(db, principal, eventId, 'delegate.edit');
	const all = await listDelegateItems(db, eventId);
	const me = all.find((d) => d.id === delegateId);
	if (!me) throw notFound('Không tìm thấy đại biểu');
	const tier = all.filter((d) => d.tierId === me.tierId).map((d) => d.id);
	const i = tier.indexOf(delegateId);
	const j = i + (direction === 'up' ? -1 : 1);
	if (j < 0 || j >= tier.length) return;
	[tier[i], tier[j]] = [tier[j], tier[i]];
	await reorderTier(db, principal, eventId, me.tierId, tier);
}

/** Serialises changes to an event's order and imports (both drivers, PGlite included). */
export async function lockEventDelegates(tx: Tx, eventId: number): Promise<void> {
	await sql`select pg_advisory_xact_lock(4243, ${eventId}::int)`.execute(tx);
}

/**
 * Places a delegate in the protocol order: tier, rank number, and marks a substitute or a person
 * named by a unit as placed. Rank null = the default for their own position (never the principal's).
 */
export async function placeDelegate(
	db: Executor,
	principal: Principal,
	eventId: number,
	delegateId: number,
	input: { tierId?: number; protocolRank?: number | null }
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		const d = await lockDelegate(tx, eventId, delegateId);
		if (d.status !== 'active') throw conflict('delegate_inactive', 'Đại biểu không còn trong danh sách');
		if (input.tierId !== undefined) await requireTier(tx, eventId, input.tierId);
		const rank = input.protocolRank ?? (input.protocolRank === null ? defaultProtocolRank(d.position, d.unit) : d.protocol_rank);
		if (!Number.isSafeInteger(rank) || rank < 0 || rank > 99_999) throw invalid({ protocolRank: 'Ngôi thứ là số từ 0 đến 99999' });
		await tx
			.updateTable('delegate')
			.set({
				tier_id: input.tierId ?? d.tier_id,
				protocol_rank: rank,
				sort_order: await nextSortOrder(tx, eventId),
				placed_at: new Date(),
				updated_at: sql`now()`
			})
			.where('id', '=', delegateId)
			.execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'delegate.placed',
			entityType: 'delegate',
			entityId: delegateId,
			organisationId: event.organisation_id,
			eventId,
			data: { tierId: input.tierId ?? d.tier_id, rank: { from: d.protocol_rank, to: rank }, wasUnplaced: d.placed_at === null }
		});
	});
}

/** Sets one delegate's rank number (the order page's number field). */
export async function setProtocolRank(
	db: Executor,
	principal: Principal,
	eventId: number,
	delegateId: number,
	rank: number | null
): Promise<void> {
	await updateDelegate(db, principal, eventId, delegateId, { protocolRank: rank });
}

/** The default rank a substitute gets from their own position (ngôi thứ không ủy quyền). */
export function substituteRank(person: { position?: string | null; unit?: string | null }): number {
	return defaultProtocolRank(person.position ?? '', person.unit ?? '');
}

export interface UnitAttendeeResult {
	id: number;
	code: string;
	/** Places still free after this one. */
	remaining: number;
}

/**
 * A unit invited by letter names one of the people who will attend (called by the public reply page
 * of the invitations capability, inside its transaction, and by the organiser's unit page).
 *
 * Rules: the unit invitation must be an active 'unit' row; the unit must not have declined; the
 * people it has named (active rows with parent_unit_id = the unit) stay within `places` (the unit row
 * is locked, so two people submitting at once cannot both take the last place); the same person
 * (name + unit) cannot be named twice in the event. The person keeps the unit's tier, gets the
 * default rank of their own position and "needs placing" until the organiser places them
 * (source 'unit_reply', placed_at null). The unit's reply status becomes 'attending'.
 *
 * Error codes: not_found (no such unit), not_a_unit, unit_inactive, unit_declined,
 * unit_places_full, duplicate_delegate, invalid_input.
 *
 * @param tx      a transaction (or the database: a transaction is opened)
 * @param unitDelegateId id of the unit invitation (delegate row with kind 'unit')
 * @param person  the person named; fullName required, "Ông"/"Bà" in front is split off
 * @param opts.actor who did it (audit); default "Đơn vị (liên kết trả lời)"
 */
export async function addUnitAttendee(
	tx: Executor,
	unitDelegateId: number,
	person: UnitAttendeeInput,
	opts: { actor?: Actor; via?: string } = {}
): Promise<UnitAttendeeResult> {
	const parsed = parseDelegateInput(
		{
			fullName: person.fullName ?? '',
			...(person.salutation ? { salutation: person.salutation } : {}),
			position: person.position ?? '',
			email: person.email ?? '',
			phone: person.phone ?? '',
			notes: person.notes ?? ''
		},
		{ partial: true }
	);
	if (!parsed.ok) throw invalid(parsed.errors);
	const p = parsed.value as DelegateInput;
	if (!p.fullName) throw invalid({ fullName: 'Vui lòng nhập họ và tên người dự' });
	p.salutation ??= null;
	try {
		return await inTransaction(tx, async (t) => {
			const unit = await t.selectFrom('delegate').selectAll().where('id', '=', unitDelegateId).forUpdate().executeTakeFirst();
			if (!unit) throw notFound('Không tìm thấy thư mời đơn vị');
			if (unit.kind !== 'unit') throw conflict('not_a_unit', 'Thư mời này gửi cho cá nhân, không phải cho đơn vị');
			if (unit.status !== 'active') throw conflict('unit_inactive', 'Thư mời đơn vị đã bị hủy');
			if (unit.reply_status === 'declined') throw conflict('unit_declined', 'Đơn vị đã báo không tham dự');
			const named = await countAttendees(t, unitDelegateId);
			if (named >= unit.places)
				throw conflict('unit_places_full', `Đơn vị đã cử đủ ${unit.places} người theo thư mời`, { places: unit.places, named });
			const [row] = await insertDelegates(t, [
				{
					event_id: unit.event_id,
					tier_id: unit.tier_id,
					kind: 'person',
					salutation: p.salutation,
					full_name: p.fullName,
					position: p.position,
					unit: unit.unit || unit.addressed_to.replace(/^(Lãnh đạo|Đại diện)\s+/i, ''),
					email: p.email,
					phone: p.phone,
					notes: p.notes,
					protocol_rank: defaultProtocolRank(p.position, unit.unit) + UNIT_ATTENDEE_RANK_OFFSET,
					sort_order: unit.sort_order,
					parent_unit_id: unit.id,
					reply_status: 'attending',
					replied_at: new Date(),
					replied_via: opts.via ?? 'link',
					source: 'unit_reply',
					placed_at: null
				}
			]);
			if (unit.reply_status !== 'attending')
				await t
					.updateTable('delegate')
					.set({ reply_status: 'attending', replied_at: new Date(), replied_via: opts.via ?? 'link', updated_at: sql`now()` })
					.where('id', '=', unit.id)
					.execute();
			const ev = await t.selectFrom('event').select('organisation_id').where('id', '=', unit.event_id).executeTakeFirstOrThrow();
			await writeAudit(t, opts.actor ?? { userId: null, label: 'Đơn vị (liên kết trả lời)' }, {
				action: 'delegate.unit_attendee.added',
				entityType: 'delegate',
				entityId: row.id,
				organisationId: ev.organisation_id,
				eventId: unit.event_id,
				data: { unitId: unit.id, name: p.fullName, position: p.position, named: named + 1, places: unit.places }
			});
			return { id: row.id, code: row.code, remaining: unit.places - named - 1 };
		});
	} catch (e) {
		throw mapDelegateConstraint(e);
	}
}

/** The organiser names a unit's attendee (e.g. the unit phoned in): same rules as the reply page. */
export async function addUnitAttendeeAsOrganiser(
	db: Executor,
	principal: Principal,
	eventId: number,
	unitDelegateId: number,
	person: UnitAttendeeInput
): Promise<UnitAttendeeResult> {
	return inTransaction(db, async (tx) => {
		await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		const unit = await tx.selectFrom('delegate').select('id').where('id', '=', unitDelegateId).where('event_id', '=', eventId).executeTakeFirst();
		if (!unit) throw notFound('Không tìm thấy thư mời đơn vị');
		return addUnitAttendee(tx, unitDelegateId, person, { actor: actorOf(principal), via: 'organiser' });
	});
}

/** Tiers of the event (id, name) for forms. */
export async function eventTiers(db: Executor, eventId: number) {
	return db.selectFrom('tier').select(['id', 'name', 'position', 'is_leader']).where('event_id', '=', eventId).orderBy('position').execute();
}
