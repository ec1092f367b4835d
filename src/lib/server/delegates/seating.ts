/**
 * The seating plan at the front of the hall: the presidium (đoàn chủ tịch) and the front rows,
 * filled from the protocol order, adjustable seat by seat, printable, with name cards.
 *
 * Convention (REFERENCE.md §8 puts the order of precedence; the seat pattern is the usual practice,
 * UNVERIFIED, to confirm with the province's protocol staff): in a row numbered 'centre' the first in
 * protocol order sits at the centre, the second at their right, the third at their left, and so on
 * outwards, right and left as the seated delegates see them, facing the hall (so the second is on the
 * hall's left of the centre). With an even number of seats the first takes the middle seat on the
 * hall's right, so that the first two share the middle. Rows may instead be numbered from the hall's
 * left ('left') or right ('right'). Rows fill in order from the stage: presidium, row A, row B…
 *
 * A seat is stored as (row, physical index from the hall's left); the protocol number and the label
 * ("A-3") are computed. The label is copied to delegate.seat so the list, exports and check-in show
 * it.
 */
import { sql } from 'kysely';
import { PDFDocument, rgb } from 'pdf-lib';
import { inTransaction, type Executor, type Tx } from '$lib/server/db';
import { DomainError, conflict, invalid, notFound } from '$lib/server/errors';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type Principal } from '$lib/server/auth/access';
import { formatDateLong, searchKey } from '$lib/format';
import { renderNameCards, type NameCard } from '$lib/server/pdf/name-card';
import {
	BLACK,
	GREY,
	LIGHT_GREY,
	PAGE_SIZES,
	createPdf,
	drawFittedText,
	drawText,
	mm,
	savePdf
} from '$lib/server/pdf/doc';
import { orderedDelegates, type DelegateRow } from './order';
import { delegateLabel, lockEventDelegates, needsPlacing } from './service';
import type { SeatingRowInput } from './schema';
import type { SeatNumbering } from './tables';

/**
 * Physical seat indexes (1 = the hall's left) in protocol order for a row of `n` seats.
 * centre, n = 5: 3, 2, 4, 1, 5 · n = 6: 4, 3, 5, 2, 6, 1 · left: 1…n · right: n…1.
 */
export function seatOrder(n: number, numbering: SeatNumbering): number[] {
	if (numbering === 'left') return Array.from({ length: n }, (_, i) => i + 1);
	if (numbering === 'right') return Array.from({ length: n }, (_, i) => n - i);
	const c = Math.floor(n / 2) + 1;
	const out = [c];
	for (let k = 1; out.length < n; k++) {
		// The seated delegate's right is the hall's left (a lower index).
		if (c - k >= 1) out.push(c - k);
		if (c + k <= n && out.length < n) out.push(c + k);
	}
	return out;
}

/** Protocol number (1 = first) of each physical seat, indexed by seat index. */
export function seatNumbers(n: number, numbering: SeatNumbering): Map<number, number> {
	return new Map(seatOrder(n, numbering).map((seat, i) => [seat, i + 1]));
}

export function seatLabel(shortLabel: string, number: number): string {
	return `${shortLabel}-${number}`;
}

export const DEFAULT_ROWS: SeatingRowInput[] = [
	{ kind: 'presidium', label: 'Đoàn Chủ tịch', shortLabel: 'ĐCT', seatCount: 7, numbering: 'centre', nameCards: true },
	{ kind: 'row', label: 'Hàng A', shortLabel: 'A', seatCount: 14, numbering: 'centre', nameCards: true },
	{ kind: 'row', label: 'Hàng B', shortLabel: 'B', seatCount: 14, numbering: 'centre', nameCards: false },
	{ kind: 'row', label: 'Hàng C', shortLabel: 'C', seatCount: 14, numbering: 'centre', nameCards: false }
];

export interface SeatView {
	index: number;
	number: number;
	label: string;
	delegate: SeatedDelegate | null;
}

export interface SeatedDelegate {
	id: number;
	name: string;
	salutation: 'Ông' | 'Bà' | null;
	position: string;
	unit: string;
	tierName: string;
	replyStatus: string;
	/** Why the seat should be looked at: declined, cancelled, replaced by a substitute. */
	warning: string | null;
}

export interface RowView {
	id: number;
	position: number;
	kind: 'presidium' | 'row';
	label: string;
	shortLabel: string;
	seatCount: number;
	numbering: SeatNumbering;
	nameCards: boolean;
	/** Seats from the hall's left to right. */
	seats: SeatView[];
}

export interface SeatingPlan {
	rows: RowView[];
	/** Delegates who could take a seat and have none, in protocol order. */
	unseated: SeatedDelegate[];
	/** Substitutes and people named by units waiting to be placed in the protocol order first. */
	needsPlacing: SeatedDelegate[];
	seatCount: number;
	seatedCount: number;
}

const ELIGIBLE_REPLY = new Set(['pending', 'attending']);

function seatedOf(d: DelegateRow): SeatedDelegate {
	let warning: string | null = null;
	if (d.status === 'cancelled') warning = 'Đã hủy mời';
	else if (d.status === 'replaced' || d.reply_status === 'substituted') warning = 'Đã cử người dự thay';
	else if (d.reply_status === 'declined') warning = 'Báo không tham dự';
	return {
		id: d.id,
		name: delegateLabel(d),
		salutation: d.salutation,
		position: d.position,
		unit: d.unit,
		tierName: d.tier_name,
		replyStatus: d.reply_status,
		warning
	};
}

/** Who may be given a seat: active people who have not declined, placed in the order. */
function canSit(d: DelegateRow): boolean {
	return d.status === 'active' && d.kind === 'person' && ELIGIBLE_REPLY.has(d.reply_status) && !needsPlacing(d);
}

async function rowsOf(db: Executor, eventId: number) {
	return db.selectFrom('seating_row').selectAll().where('event_id', '=', eventId).orderBy('position').execute();
}

/** The plan with every seat, who sits there, and who could still be seated. */
export async function getSeatingPlan(db: Executor, principal: Principal, eventId: number): Promise<SeatingPlan> {
	await requireEventAccess(db, principal, eventId, 'delegate.view');
	return seatingPlanOf(db, eventId);
}

export async function seatingPlanOf(db: Executor, eventId: number): Promise<SeatingPlan> {
	const rows = await rowsOf(db, eventId);
	const all = await orderedDelegates(db, eventId, { statuses: ['active', 'cancelled', 'replaced'] });
	const byId = new Map(all.map((d) => [d.id, d]));
	const seats = await db
		.selectFrom('seat_assignment')
		.select(['row_id', 'seat_index', 'delegate_id'])
		.where('event_id', '=', eventId)
		.execute();
	const at = new Map(seats.map((s) => [`${s.row_id}:${s.seat_index}`, s.delegate_id]));
	const seated = new Set(seats.map((s) => s.delegate_id));
	let seatCount = 0;
	const views: RowView[] = rows.map((r) => {
		const numbers = seatNumbers(r.seat_count, r.numbering);
		seatCount += r.seat_count;
		return {
			id: r.id,
			position: r.position,
			kind: r.kind,
			label: r.label,
			shortLabel: r.short_label,
			seatCount: r.seat_count,
			numbering: r.numbering,
			nameCards: r.name_cards,
			seats: Array.from({ length: r.seat_count }, (_, i) => {
				const index = i + 1;
				const number = numbers.get(index)!;
				const id = at.get(`${r.id}:${index}`);
				const d = id !== undefined ? byId.get(id) : undefined;
				return { index, number, label: seatLabel(r.short_label, number), delegate: d ? seatedOf(d) : null };
			})
		};
	});
	return {
		rows: views,
		unseated: all.filter((d) => canSit(d) && !seated.has(d.id)).map(seatedOf),
		needsPlacing: all.filter((d) => needsPlacing(d)).map(seatedOf),
		seatCount,
		seatedCount: seats.length
	};
}

/** Copies seat labels to delegate.seat for the given delegates ('' for those without a seat now). */
async function syncSeatLabels(tx: Tx, eventId: number, delegateIds: number[]): Promise<void> {
	if (!delegateIds.length) return;
	const ids = [...new Set(delegateIds)];
	for (let i = 0; i < ids.length; i += 1000) {
		const chunk = ids.slice(i, i + 1000);
		await tx.updateTable('delegate').set({ seat: '' }).where('id', 'in', chunk).where('event_id', '=', eventId).execute();
	}
	const rows = await tx
		.selectFrom('seat_assignment')
		.innerJoin('seating_row', 'seating_row.id', 'seat_assignment.row_id')
		.select(['seat_assignment.delegate_id', 'seat_assignment.seat_index', 'seating_row.short_label', 'seating_row.seat_count', 'seating_row.numbering'])
		.where('seat_assignment.event_id', '=', eventId)
		.where('seat_assignment.delegate_id', 'in', ids)
		.execute();
	if (!rows.length) return;
	const values = rows.map((r) => {
		const label = seatLabel(r.short_label, seatNumbers(r.seat_count, r.numbering).get(r.seat_index) ?? r.seat_index);
		return sql`(${r.delegate_id}::int, ${label}::text)`;
	});
	await sql`update delegate set seat = v.label from (values ${sql.join(values)}) as v(id, label) where delegate.id = v.id`.execute(tx);
}

/** Creates the default plan (presidium of 7, rows A–C of 14) when the event has none. */
export async function ensureSeatingPlan(db: Executor, principal: Principal, eventId: number): Promise<void> {
	const existing = await db.selectFrom('seating_row').select('id').where('event_id', '=', eventId).limit(1).execute();
	if (existing.length) return;
	await setSeatingRows(db, principal, eventId, DEFAULT_ROWS);
}

/**
 * Replaces the rows of the plan (like the tiers: rows with an id are kept and edited, others added,
 * missing ones removed). Seats beyond a shortened row are freed.
 */
export async function setSeatingRows(db: Executor, principal: Principal, eventId: number, rows: SeatingRowInput[]): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		await lockEventDelegates(tx, eventId);
		const existing = await rowsOf(tx, eventId);
		const byId = new Map(existing.map((r) => [r.id, r]));
		for (const r of rows) if (r.id !== undefined && !byId.has(r.id)) throw notFound('Không tìm thấy hàng ghế');
		const keep = new Set(rows.filter((r) => r.id !== undefined).map((r) => r.id!));
		const removed = existing.filter((r) => !keep.has(r.id));
		const freed = await tx
			.selectFrom('seat_assignment')
			.select('delegate_id')
			.where('event_id', '=', eventId)
			.where((eb) =>
				eb.or([
					...(removed.length ? [eb('row_id', 'in', removed.map((r) => r.id))] : []),
					...rows
						.filter((r) => r.id !== undefined)
						.map((r) => eb.and([eb('row_id', '=', r.id!), eb('seat_index', '>', r.seatCount)])),
					eb.val(false)
				])
			)
			.execute();
		if (removed.length) await tx.deleteFrom('seating_row').where('id', 'in', removed.map((r) => r.id)).execute();
		// Positions are unique: move the kept rows out of the way first.
		await tx.updateTable('seating_row').set({ position: sql`position + 1000` }).where('event_id', '=', eventId).execute();
		for (const [i, r] of rows.entries()) {
			const values = {
				position: i,
				kind: r.kind,
				label: r.label,
				short_label: r.shortLabel,
				seat_count: r.seatCount,
				numbering: r.numbering,
				name_cards: r.nameCards
			};
			if (r.id !== undefined) {
				await tx.updateTable('seating_row').set(values).where('id', '=', r.id).execute();
				await tx.deleteFrom('seat_assignment').where('row_id', '=', r.id).where('seat_index', '>', r.seatCount).execute();
			} else await tx.insertInto('seating_row').values({ ...values, event_id: eventId }).execute();
		}
		// Labels change with a new short label, size or numbering: refresh every seated delegate.
		const seated = await tx.selectFrom('seat_assignment').select('delegate_id').where('event_id', '=', eventId).execute();
		await syncSeatLabels(tx, eventId, [...freed.map((f) => f.delegate_id), ...seated.map((s) => s.delegate_id)]);
		await writeAudit(tx, actorOf(principal), {
			action: 'seating.rows.updated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { rows: rows.map((r) => `${r.label} (${r.seatCount})`), removed: removed.map((r) => r.label) }
		});
	});
}

/**
 * Fills the plan from the protocol order. mode 'all' clears every seat first; 'empty' keeps the
 * seats already given (hand-made changes) and fills the rest with the next delegates in order.
 * Declined, cancelled and replaced delegates, unit letters and people still to be placed are left out.
 */
export async function generateSeating(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { mode?: 'all' | 'empty'; tierIds?: number[] } = {}
): Promise<{ seated: number; unseated: number }> {
	const mode = opts.mode ?? 'all';
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		const r = await fillSeats(tx, eventId, { mode, tierIds: opts.tierIds });
		await writeAudit(tx, actorOf(principal), {
			action: 'seating.generated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { mode, seated: r.seated, newlySeated: r.newlySeated }
		});
		return { seated: r.seated, unseated: r.unseated };
	});
}

/** The filling itself, inside the caller's transaction (also used by the demo). Creates the default rows when there are none. */
export async function fillSeats(
	tx: Tx,
	eventId: number,
	opts: { mode: 'all' | 'empty'; tierIds?: number[] }
): Promise<{ seated: number; unseated: number; newlySeated: number }> {
	await lockEventDelegates(tx, eventId);
	let rows = await rowsOf(tx, eventId);
	if (!rows.length) {
		for (const [i, r] of DEFAULT_ROWS.entries())
			await tx
				.insertInto('seating_row')
				.values({ event_id: eventId, position: i, kind: r.kind, label: r.label, short_label: r.shortLabel, seat_count: r.seatCount, numbering: r.numbering, name_cards: r.nameCards })
				.execute();
		rows = await rowsOf(tx, eventId);
	}
	const before = await tx.selectFrom('seat_assignment').select(['row_id', 'seat_index', 'delegate_id']).where('event_id', '=', eventId).execute();
	if (opts.mode === 'all') await tx.deleteFrom('seat_assignment').where('event_id', '=', eventId).execute();
	const kept = opts.mode === 'all' ? [] : before;
	const taken = new Set(kept.map((s) => `${s.row_id}:${s.seat_index}`));
	const seated = new Set(kept.map((s) => s.delegate_id));
	const candidates = (await orderedDelegates(tx, eventId)).filter(
		(d) => canSit(d) && !seated.has(d.id) && (!opts.tierIds?.length || opts.tierIds.includes(d.tier_id))
	);
	const inserts: { event_id: number; row_id: number; seat_index: number; delegate_id: number }[] = [];
	let next = 0;
	for (const r of rows) {
		for (const index of seatOrder(r.seat_count, r.numbering)) {
			if (next >= candidates.length) break;
			if (taken.has(`${r.id}:${index}`)) continue;
			inserts.push({ event_id: eventId, row_id: r.id, seat_index: index, delegate_id: candidates[next++].id });
		}
	}
	for (let i = 0; i < inserts.length; i += 500) await tx.insertInto('seat_assignment').values(inserts.slice(i, i + 500)).execute();
	await syncSeatLabels(tx, eventId, [...before.map((b) => b.delegate_id), ...inserts.map((s) => s.delegate_id)]);
	return { seated: inserts.length + kept.length, unseated: Math.max(0, candidates.length - inserts.length), newlySeated: inserts.length };
}

/**
 * Puts a delegate in a seat (delegateId null empties it). A delegate already seated elsewhere moves;
 * whoever sat in the target seat takes the delegate's old seat (a swap) or, if there was none,
 * loses their seat.
 */
export async function assignSeat(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: { rowId: number; seatIndex: number; delegateId: number | null }
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		await lockEventDelegates(tx, eventId);
		const row = await tx.selectFrom('seating_row').selectAll().where('id', '=', input.rowId).where('event_id', '=', eventId).executeTakeFirst();
		if (!row) throw notFound('Không tìm thấy hàng ghế');
		if (!Number.isSafeInteger(input.seatIndex) || input.seatIndex < 1 || input.seatIndex > row.seat_count)
			throw invalid({ seatIndex: 'Ghế không có trong hàng' });
		const occupant = await tx
			.selectFrom('seat_assignment')
			.select(['id', 'delegate_id'])
			.where('row_id', '=', row.id)
			.where('seat_index', '=', input.seatIndex)
			.executeTakeFirst();
		const touched: number[] = [];
		if (input.delegateId === null) {
			if (occupant) {
				await tx.deleteFrom('seat_assignment').where('id', '=', occupant.id).execute();
				touched.push(occupant.delegate_id);
			}
		} else {
			const d = await tx
				.selectFrom('delegate')
				.select(['id', 'kind', 'status', 'full_name'])
				.where('id', '=', input.delegateId)
				.where('event_id', '=', eventId)
				.executeTakeFirst();
			if (!d) throw notFound('Không tìm thấy đại biểu');
			if (d.kind !== 'person') throw conflict('seat_needs_person', 'Chỉ xếp ghế cho người dự, không cho thư mời đơn vị');
			if (d.status !== 'active') throw conflict('delegate_inactive', 'Đại biểu đã bị hủy mời hoặc đã có người dự thay');
			if (occupant?.delegate_id === d.id) return;
			const current = await tx
				.selectFrom('seat_assignment')
				.select(['id', 'row_id', 'seat_index'])
				.where('event_id', '=', eventId)
				.where('delegate_id', '=', d.id)
				.executeTakeFirst();
			if (occupant) await tx.deleteFrom('seat_assignment').where('id', '=', occupant.id).execute();
			if (current) await tx.deleteFrom('seat_assignment').where('id', '=', current.id).execute();
			await tx.insertInto('seat_assignment').values({ event_id: eventId, row_id: row.id, seat_index: input.seatIndex, delegate_id: d.id }).execute();
			touched.push(d.id);
			if (occupant) {
				touched.push(occupant.delegate_id);
				if (current)
					await tx
						.insertInto('seat_assignment')
						.values({ event_id: eventId, row_id: current.row_id, seat_index: current.seat_index, delegate_id: occupant.delegate_id })
						.execute();
			}
		}
		await syncSeatLabels(tx, eventId, touched);
		await writeAudit(tx, actorOf(principal), {
			action: 'seating.updated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { row: row.label, seatIndex: input.seatIndex, delegateId: input.delegateId, displaced: touched.filter((t) => t !== input.delegateId) }
		});
	});
}

/** Empties every seat. */
export async function clearSeating(db: Executor, principal: Principal, eventId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'delegate.edit');
		await lockEventDelegates(tx, eventId);
		const before = await tx.selectFrom('seat_assignment').select('delegate_id').where('event_id', '=', eventId).execute();
		await tx.deleteFrom('seat_assignment').where('event_id', '=', eventId).execute();
		await syncSeatLabels(tx, eventId, before.map((b) => b.delegate_id));
		await writeAudit(tx, actorOf(principal), {
			action: 'seating.cleared',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { freed: before.length }
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Printing

const DARK_RED = rgb(0.55, 0.05, 0.05);

/**
 * The plan drawn on A4 landscape: the stage at the top, each row as a line of boxes seen from the
 * hall (the protocol number above each seat, the name and position inside). Rows wider than the
 * page are drawn on two lines.
 */
export async function renderSeatingPdf(
	plan: SeatingPlan,
	event: { title: string; venue: string; startsAt: Date }
): Promise<Uint8Array> {
	const { doc, fonts } = await createPdf({ title: `Sơ đồ chỗ ngồi — ${event.title}` });
	const [W, H] = PAGE_SIZES.a4Landscape;
	const margin = mm(10);
	const width = W - 2 * margin;
	let page = doc.addPage([W, H]);
	let y = H - margin;
	drawFittedText(page, 'SƠ ĐỒ CHỖ NGỒI', { left: margin, top: y, width, height: mm(8) }, { font: fonts.bold, maxSize: 15, minSize: 11, maxLines: 1, align: 'center' });
	y -= mm(8);
	drawFittedText(page, event.title, { left: margin, top: y, width, height: mm(10) }, { font: fonts.italic, maxSize: 11, minSize: 8, maxLines: 2, align: 'center' });
	y -= mm(10);
	const when = [formatDateLong(event.startsAt), event.venue].filter(Boolean).join(' · ');
	if (when) {
		drawText(page, when, { x: W / 2, y: y - mm(3), font: fonts.regular, size: 9, align: 'center', color: GREY, maxWidth: width });
		y -= mm(6);
	}
	// The stage.
	const stageW = width * 0.6;
	page.drawRectangle({ x: (W - stageW) / 2, y: y - mm(9), width: stageW, height: mm(8), color: LIGHT_GREY, borderColor: GREY, borderWidth: 0.6 });
	drawText(page, 'SÂN KHẤU', { x: W / 2, y: y - mm(6.3), font: fonts.bold, size: 10, align: 'center' });
	y -= mm(14);

	const labelW = mm(22);
	const maxPerLine = 16;
	for (const row of plan.rows) {
		const lines: SeatView[][] = [];
		for (let i = 0; i < row.seats.length; i += maxPerLine) lines.push(row.seats.slice(i, i + maxPerLine));
		for (const [li, seats] of lines.entries()) {
			const boxH = mm(row.kind === 'presidium' ? 22 : 19);
			if (y - boxH - mm(6) < margin) {
				page = doc.addPage([W, H]);
				y = H - margin;
			}
			if (li === 0)
				drawFittedText(page, row.label, { left: margin, top: y - mm(4), width: labelW - mm(2), height: boxH }, { font: fonts.bold, maxSize: 10, minSize: 7, maxLines: 3, align: 'left' });
			const avail = width - labelW;
			const gap = mm(1.2);
			const n = Math.max(seats.length, row.kind === 'presidium' ? seats.length : Math.min(maxPerLine, row.seats.length));
			const boxW = Math.min(mm(34), (avail - gap * (n - 1)) / n);
			const totalW = seats.length * boxW + (seats.length - 1) * gap;
			let x = margin + labelW + (avail - totalW) / 2;
			for (const s of seats) {
				const top = y - mm(4);
				drawText(page, s.label, { x: x + boxW / 2, y: top + mm(1), font: fonts.bold, size: 7, align: 'center', color: s.number === 1 ? DARK_RED : GREY });
				page.drawRectangle({
					x,
					y: top - boxH,
					width: boxW,
					height: boxH,
					borderColor: row.kind === 'presidium' ? DARK_RED : BLACK,
					borderWidth: row.kind === 'presidium' ? 1 : 0.5,
					color: s.delegate?.warning ? rgb(1, 0.93, 0.85) : undefined
				});
				if (s.delegate) {
					const inner = { left: x + mm(1), width: boxW - mm(2) };
					drawFittedText(page, s.delegate.name, { ...inner, top: top - mm(1.2), height: boxH * 0.45 }, { font: fonts.bold, maxSize: 9, minSize: 6, maxLines: 2, lineHeight: 1.1, align: 'center', balance: true });
					const role = s.delegate.warning ?? [s.delegate.position, s.delegate.unit].filter(Boolean).join(', ');
					drawFittedText(page, role, { ...inner, top: top - boxH * 0.5, height: boxH * 0.46 }, { font: fonts.regular, maxSize: 7, minSize: 5, maxLines: 3, lineHeight: 1.1, align: 'center', valign: 'top', color: s.delegate.warning ? DARK_RED : GREY });
				}
				x += boxW + gap;
			}
			y -= boxH + mm(7);
		}
	}
	drawText(page, 'Sơ đồ nhìn từ phía hội trường lên sân khấu. Số 1 ở giữa; số chẵn bên phải người ngồi giữa (bên trái nhìn từ hội trường), số lẻ bên trái.', {
		x: margin,
		y: margin - mm(4),
		font: fonts.italic,
		size: 7.5,
		color: GREY,
		maxWidth: width
	});
	return savePdf(doc);
}

/** Name cards (bảng tên) for the seats of rows that have them, presidium first, in seat-number order. */
export function nameCardsOf(plan: SeatingPlan): NameCard[] {
	const cards: NameCard[] = [];
	for (const row of plan.rows) {
		if (!row.nameCards) continue;
		const seats = [...row.seats].sort((a, b) => a.number - b.number);
		for (const s of seats) {
			if (!s.delegate || s.delegate.warning) continue;
			cards.push({ name: s.delegate.name, position: roleLine(s.delegate.position, s.delegate.unit) || undefined });
		}
	}
	return cards;
}

/** "Giám đốc" + "Sở Tài chính" → "Giám đốc Sở Tài chính"; a position that already names its unit stays. */
export function roleLine(position: string, unit: string): string {
	if (!unit) return position;
	if (!position) return unit;
	return searchKey(position).includes(searchKey(unit)) ? position : `${position} ${unit}`;
}

export async function renderSeatNameCards(plan: SeatingPlan): Promise<Uint8Array> {
	const cards = nameCardsOf(plan);
	if (!cards.length) throw new DomainError('no_name_cards', 'Chưa có ghế nào có bảng tên: hãy xếp chỗ và đánh dấu hàng ghế có bảng tên', { status: 409 });
	return renderNameCards(cards);
}

/** For tests: the number of pages of a PDF. */
export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
	return (await PDFDocument.load(bytes)).getPageCount();
}
