/**
 * The conference programme (chương trình): ordered items with a duration (times follow from the day's start,
 * so moving or lengthening one re-times the rest), optional pinned starts, presenters, tham luận taken from
 * the submissions capability, and the stage manager's start/end marks for the live view.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor, type Tx } from '$lib/server/db';
import { writeAudit, changedFields, type Actor } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { DomainError, invalid, notFound } from '$lib/server/errors';
import { normalizeText, parseDateTimeLocal, toDateTimeLocalValue, formatTime } from '$lib/format';
import { liveSchedule, type LiveState } from './timing';
import type { ProgrammeKind } from '$lib/server/awards/tables';
import { notifyStage } from '$lib/server/awards/stream';
import { mergePositionUnit } from '$lib/server/awards/ceremony';

/**
 * The programme's lock for the rest of the transaction: changes to one event's items (and the reading of the
 * presented tham luận they follow) take turns. Taking it again in the same transaction is free.
 */
async function lockProgramme(tx: Tx, eventId: number): Promise<void> {
	await sql`select pg_advisory_xact_lock(4242016, ${eventId})`.execute(tx);
}

export const PROGRAMME_KIND_LABELS: Record<ProgrammeKind, string> = {
	art: 'Văn nghệ chào mừng',
	flag: 'Chào cờ',
	opening: 'Tuyên bố lý do, giới thiệu đại biểu',
	report: 'Báo cáo',
	video: 'Phóng sự',
	discussion: 'Tham luận',
	awards: 'Công bố quyết định, trao khen thưởng',
	directive: 'Phát biểu chỉ đạo',
	response: 'Phát biểu tiếp thu',
	launch: 'Phát động thi đua',
	closing: 'Bế mạc',
	break: 'Giải lao',
	other: 'Khác'
};

export const PROGRAMME_KINDS = Object.keys(PROGRAMME_KIND_LABELS) as ProgrammeKind[];

export interface ProgrammeItemInput {
	kind: ProgrammeKind;
	title: string;
	presenterName: string;
	presenterPosition: string;
	presenterDelegateId: number | null;
	durationMinutes: number;
	/** 'HH:MM' on the event's day, or a full datetime-local; '' clears. */
	fixedStart: Date | null;
	notes: string;
}

/** Parses item input from a form or JSON; `partial` for PATCH. `day` is the event's start (for 'HH:MM'). */
export function parseProgrammeItemInput(raw: Record<string, unknown>, day: Date, opts: { partial?: boolean } = {}): Partial<ProgrammeItemInput> {
	const errors: Record<string, string> = {};
	const out: Partial<ProgrammeItemInput> = {};
	const has = (k: string) => !opts.partial || raw[k] !== undefined;
	if (has('kind')) {
		const k = String(raw.kind ?? 'other') as ProgrammeKind;
		if (!PROGRAMME_KINDS.includes(k)) errors.kind = 'Loại mục không hợp lệ';
		else out.kind = k;
	}
	if (has('title')) {
		out.title = normalizeText(String(raw.title ?? ''));
		if (!out.title && out.kind) out.title = PROGRAMME_KIND_LABELS[out.kind];
		if (!out.title) errors.title = 'Nhập nội dung';
		else if (out.title.length > 500) errors.title = 'Tối đa 500 ký tự';
	}
	for (const k of ['presenterName', 'presenterPosition'] as const) {
		if (!has(k)) continue;
		out[k] = normalizeText(String(raw[k] ?? ''));
		if (out[k]!.length > 300) errors[k] = 'Tối đa 300 ký tự';
	}
	if (has('notes')) out.notes = String(raw.notes ?? '').normalize('NFC').trim().slice(0, 4000);
	if (has('durationMinutes')) {
		const n = Number(raw.durationMinutes ?? 10);
		if (!Number.isInteger(n) || n < 0 || n > 720) errors.durationMinutes = 'Thời lượng từ 0 đến 720 phút';
		else out.durationMinutes = n;
	}
	if (raw.presenterDelegateId !== undefined) {
		const v = raw.presenterDelegateId;
		out.presenterDelegateId = v === null || v === '' ? null : Number(v);
		if (out.presenterDelegateId !== null && (!Number.isSafeInteger(out.presenterDelegateId) || out.presenterDelegateId <= 0)) errors.presenterDelegateId = 'Đại biểu không hợp lệ';
	} else if (!opts.partial) out.presenterDelegateId = null;
	if (has('fixedStart')) {
		const s = String(raw.fixedStart ?? '').trim();
		if (!s) out.fixedStart = null;
		else {
			let d: Date | null = null;
			if (/^\d{1,2}:\d{2}$/.test(s)) {
				const date = toDateTimeLocalValue(day).slice(0, 10);
				d = parseDateTimeLocal(`${date}T${s.padStart(5, '0')}`);
			} else d = parseDateTimeLocal(s.slice(0, 16)) ?? (Number.isNaN(Date.parse(s)) ? null : new Date(s));
			if (!d) errors.fixedStart = 'Giờ không hợp lệ (ví dụ 13:30)';
			else out.fixedStart = d;
		}
	}
	if (Object.keys(errors).length) throw invalid(errors);
	return out;
}

export interface ProgrammeItemView {
	id: number;
	position: number;
	kind: ProgrammeKind;
	kindLabel: string;
	title: string;
	presenterName: string;
	presenterPosition: string;
	presenterDelegateId: number | null;
	submissionId: number | null;
	durationMinutes: number;
	fixedStart: string | null;
	notes: string;
	actualStart: string | null;
	actualEnd: string | null;
	plannedStart: string;
	plannedEnd: string;
	projectedStart: string;
	projectedEnd: string;
	state: string;
	overlaps: boolean;
}

export interface ProgrammeView {
	dayStart: string;
	items: ProgrammeItemView[];
	live: Omit<LiveState, 'items'>;
	totalMinutes: number;
	plannedEnd: string | null;
	submissionsAvailable: boolean;
}

async function itemsOf(db: Executor, eventId: number) {
	return db.selectFrom('programme_item').selectAll().where('event_id', '=', eventId).orderBy('position').execute();
}

/** The programme with planned and projected times at `now`. */
export async function programmeView(db: Executor, event: EventRow, now = new Date()): Promise<ProgrammeView> {
	const rows = await itemsOf(db, event.id);
	const timed = rows.map((r) => ({
		id: r.id,
		durationMinutes: r.duration_minutes,
		fixedStart: r.fixed_start,
		actualStart: r.actual_start,
		actualEnd: r.actual_end
	}));
	const live = liveSchedule(timed, event.starts_at, now);
	const items = rows.map((r, i) => {
		const s = live.items[i];
		return {
			id: r.id,
			position: r.position,
			kind: r.kind,
			kindLabel: PROGRAMME_KIND_LABELS[r.kind],
			title: r.title,
			presenterName: r.presenter_name,
			presenterPosition: r.presenter_position,
			presenterDelegateId: r.presenter_delegate_id,
			submissionId: r.submission_id,
			durationMinutes: r.duration_minutes,
			fixedStart: r.fixed_start?.toISOString() ?? null,
			notes: r.notes,
			actualStart: r.actual_start?.toISOString() ?? null,
			actualEnd: r.actual_end?.toISOString() ?? null,
			plannedStart: s.plannedStart.toISOString(),
			plannedEnd: s.plannedEnd.toISOString(),
			projectedStart: s.projectedStart.toISOString(),
			projectedEnd: s.projectedEnd.toISOString(),
			state: s.state,
			overlaps: s.overlaps
		};
	});
	const { items: _ignored, ...rest } = live;
	void _ignored;
	return {
		dayStart: event.starts_at.toISOString(),
		items,
		live: rest,
		totalMinutes: rows.reduce((a, r) => a + r.duration_minutes, 0),
		plannedEnd: items.length ? items[items.length - 1].plannedEnd : null,
		submissionsAvailable: !!submissionsLoader()
	};
}

export async function getProgramme(db: Executor, principal: Principal, eventId: number, now = new Date()): Promise<ProgrammeView & { event: EventRow }> {
	const { event } = await requireEventAccess(db, principal, eventId, 'programme.view');
	return { ...(await programmeView(db, event, now)), event };
}

const COLUMNS: Record<keyof ProgrammeItemInput, string> = {
	kind: 'kind',
	title: 'title',
	presenterName: 'presenter_name',
	presenterPosition: 'presenter_position',
	presenterDelegateId: 'presenter_delegate_id',
	durationMinutes: 'duration_minutes',
	fixedStart: 'fixed_start',
	notes: 'notes'
};

function toColumns(input: Partial<ProgrammeItemInput>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(input)) if (v !== undefined && COLUMNS[k as keyof ProgrammeItemInput]) out[COLUMNS[k as keyof ProgrammeItemInput]] = v;
	return out;
}

async function checkDelegate(tx: Executor, eventId: number, id: number | null | undefined) {
	if (!id) return null;
	const d = await tx.selectFrom('delegate').select(['id', 'full_name', 'position', 'unit']).where('event_id', '=', eventId).where('id', '=', id).executeTakeFirst();
	if (!d) throw new DomainError('delegate_not_found', 'Không tìm thấy đại biểu', { status: 404, fields: { presenterDelegateId: 'Chọn đại biểu của hội nghị' } });
	return d;
}

/** Shifts positions ≥ `from` by one to make room (the unique constraint is deferred). */
async function openSlot(tx: Tx, eventId: number, from: number): Promise<void> {
	await tx
		.updateTable('programme_item')
		.set({ position: sql`position + 1` })
		.where('event_id', '=', eventId)
		.where('position', '>=', from)
		.execute();
}

async function renumber(tx: Tx, eventId: number): Promise<void> {
	const rows = await tx.selectFrom('programme_item').select('id').where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
	for (const [i, r] of rows.entries()) await tx.updateTable('programme_item').set({ position: i + 1 }).where('id', '=', r.id).execute();
}

/** Adds an item at the end, or right after `afterId`. */
export async function addProgrammeItem(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: Partial<ProgrammeItemInput>,
	opts: { afterId?: number | null; submissionId?: number | null } = {}
): Promise<number> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		if (!input.title) throw invalid({ title: 'Nhập nội dung' });
		const d = await checkDelegate(tx, eventId, input.presenterDelegateId);
		const id = await insertItem(tx, eventId, input, opts, d);
		await writeAudit(tx, actorOf(principal), {
			action: 'programme.item.created',
			entityType: 'programme_item',
			entityId: id,
			organisationId: event.organisation_id,
			eventId,
			data: { title: input.title, kind: input.kind, durationMinutes: input.durationMinutes }
		});
		return id;
	});
}

async function insertItem(
	tx: Tx,
	eventId: number,
	input: Partial<ProgrammeItemInput>,
	opts: { afterId?: number | null; submissionId?: number | null },
	delegate: { full_name: string; position: string; unit: string } | null
): Promise<number> {
	await lockProgramme(tx, eventId);
	let position: number;
	if (opts.afterId) {
		const after = await tx.selectFrom('programme_item').select('position').where('event_id', '=', eventId).where('id', '=', opts.afterId).executeTakeFirst();
		if (!after) throw notFound('Không tìm thấy mục chương trình');
		position = after.position + 1;
		await openSlot(tx, eventId, position);
	} else {
		const max = await tx.selectFrom('programme_item').select((eb) => eb.fn.max('position').as('m')).where('event_id', '=', eventId).executeTakeFirst();
		position = Number(max?.m ?? 0) + 1;
	}
	const cols = toColumns(input);
	if (delegate && !input.presenterName) {
		cols.presenter_name = delegate.full_name;
		cols.presenter_position = input.presenterPosition || mergePositionUnit(delegate.position, delegate.unit);
	}
	const row = await tx
		.insertInto('programme_item')
		.values({ ...(cols as { title: string }), event_id: eventId, position, submission_id: opts.submissionId ?? null })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function updateProgrammeItem(
	db: Executor,
	principal: Principal,
	eventId: number,
	itemId: number,
	input: Partial<ProgrammeItemInput>
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		const old = await tx.selectFrom('programme_item').selectAll().where('event_id', '=', eventId).where('id', '=', itemId).forUpdate().executeTakeFirst();
		if (!old) throw notFound('Không tìm thấy mục chương trình');
		const cols = toColumns(input);
		const d = await checkDelegate(tx, eventId, input.presenterDelegateId);
		if (d && input.presenterName === undefined) {
			cols.presenter_name = d.full_name;
			cols.presenter_position = mergePositionUnit(d.position, d.unit);
		}
		const changes = changedFields(old as unknown as Record<string, unknown>, cols);
		if (!Object.keys(changes).length) return;
		await tx.updateTable('programme_item').set({ ...cols, updated_at: sql`now()` }).where('id', '=', itemId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'programme.item.updated',
			entityType: 'programme_item',
			entityId: itemId,
			organisationId: event.organisation_id,
			eventId,
			data: changes
		});
	});
}

export async function deleteProgrammeItem(db: Executor, principal: Principal, eventId: number, itemId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		const old = await tx.selectFrom('programme_item').selectAll().where('event_id', '=', eventId).where('id', '=', itemId).executeTakeFirst();
		if (!old) throw notFound('Không tìm thấy mục chương trình');
		await tx.deleteFrom('programme_item').where('id', '=', itemId).execute();
		await renumber(tx, eventId);
		await writeAudit(tx, actorOf(principal), {
			action: 'programme.item.deleted',
			entityType: 'programme_item',
			entityId: itemId,
			organisationId: event.organisation_id,
			eventId,
			data: { title: old.title, position: old.position }
		});
	});
}

/** Puts the items in the given order (every item of the event, each once). */
export async function reorderProgramme(db: Executor, principal: Principal, eventId: number, ids: number[]): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		await lockProgramme(tx, eventId);
		const rows = await itemsOf(tx, eventId);
		const have = new Set(rows.map((r) => r.id));
		if (ids.length !== rows.length || new Set(ids).size !== ids.length || !ids.every((id) => have.has(id))) {
			throw new DomainError('invalid_order', 'Thứ tự phải gồm mỗi mục chương trình đúng một lần', { status: 400 });
		}
		for (const [i, id] of ids.entries()) await tx.updateTable('programme_item').set({ position: i + 1 }).where('id', '=', id).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'programme.reordered',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { before: rows.map((r) => r.id), after: ids }
		});
	});
}

/** Moves one item up (-1) or down (+1). */
export async function moveProgrammeItem(db: Executor, principal: Principal, eventId: number, itemId: number, delta: -1 | 1): Promise<void> {
	const rows = await itemsOf(db, eventId);
	const i = rows.findIndex((r) => r.id === itemId);
	if (i < 0) {
		await requireEventAccess(db, principal, eventId, 'programme.edit');
		throw notFound('Không tìm thấy mục chương trình');
	}
	const j = i + delta;
	if (j < 0 || j >= rows.length) return;
	const ids = rows.map((r) => r.id);
	[ids[i], ids[j]] = [ids[j], ids[i]];
	await reorderProgramme(db, principal, eventId, ids);
}

export type ProgrammeMark = 'start' | 'end' | 'clear';

/**
 * The stage manager's marks. Starting an item ends the one running (at the same instant); 'clear' removes
 * the item's marks (a mistaken tap).
 */
export async function markProgrammeItem(
	db: Executor,
	principal: Principal,
	eventId: number,
	itemId: number,
	mark: ProgrammeMark,
	at = new Date()
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		await lockProgramme(tx, eventId);
		const item = await tx.selectFrom('programme_item').selectAll().where('event_id', '=', eventId).where('id', '=', itemId).executeTakeFirst();
		if (!item) throw notFound('Không tìm thấy mục chương trình');
		if (mark === 'start') {
			await tx
				.updateTable('programme_item')
				.set({ actual_end: at })
				.where('event_id', '=', eventId)
				.where('id', '<>', itemId)
				.where('actual_start', 'is not', null)
				.where('actual_end', 'is', null)
				.execute();
			await tx.updateTable('programme_item').set({ actual_start: at, actual_end: null }).where('id', '=', itemId).execute();
		} else if (mark === 'end') {
			if (!item.actual_start) throw new DomainError('item_not_started', 'Mục này chưa bắt đầu', { status: 409 });
			await tx.updateTable('programme_item').set({ actual_end: at }).where('id', '=', itemId).execute();
		} else {
			await tx.updateTable('programme_item').set({ actual_start: null, actual_end: null }).where('id', '=', itemId).execute();
		}
		await notifyStage(tx, eventId, 'programme.mark');
		await writeAudit(tx, actorOf(principal), {
			action: `programme.item.${mark === 'start' ? 'started' : mark === 'end' ? 'ended' : 'cleared'}`,
			entityType: 'programme_item',
			entityId: itemId,
			organisationId: event.organisation_id,
			eventId,
			data: { title: item.title, at: at.toISOString() }
		});
	});
}

// ------------------------------------------------------------------------------------------------
// Template and tham luận

/** What the programme reads of a presented tham luận (the shape of submissions/programme.ts). */
export interface PresentedSubmission {
	id: number;
	title: string;
	unit: string;
	presenterName: string;
	presenterPosition: string;
	order: number;
	speakingMinutes: number;
}

// The submissions capability is optional at build time: import it only if its module exists.
const submissionModules = import.meta.glob('/src/lib/server/submissions/programme.ts');

function submissionsLoader(): (() => Promise<unknown>) | null {
	return submissionModules['/src/lib/server/submissions/programme.ts'] ?? null;
}

/** The template's one tham luận item, standing for all of them until real ones are selected. */
const DISCUSSION_PLACEHOLDER = 'Tham luận của các đơn vị, địa phương';

/** The usual programme of a sơ kết / tổng kết (NĐ 145/2013 order; REFERENCE.md §8), when it is empty. */
export async function createProgrammeTemplate(db: Executor, principal: Principal, eventId: number): Promise<number> {
	const read = await loadPresented();
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		await lockProgramme(tx, eventId);
		const presented = read ? await read(tx, eventId) : null;
		const n = await tx.selectFrom('programme_item').select((eb) => eb.fn.countAll<string>().as('n')).where('event_id', '=', eventId).executeTakeFirst();
		if (Number(n?.n ?? 0) > 0) throw new DomainError('programme_not_empty', 'Chương trình đã có nội dung: mẫu chỉ dùng cho chương trình trống', { status: 409 });
		const word = event.kind === 'so_ket' ? 'sơ kết' : 'tổng kết';
		const movement = event.movement ? ` Phong trào thi đua “${event.movement}”` : '';
		const items: { kind: ProgrammeKind; title: string; durationMinutes: number; presenterName?: string; presenterPosition?: string; submissionId?: number }[] = [
			{ kind: 'art', title: 'Chương trình văn nghệ chào mừng', durationMinutes: 15 },
			{ kind: 'flag', title: 'Chào cờ', durationMinutes: 5 },
			{ kind: 'opening', title: 'Tuyên bố lý do, giới thiệu đại biểu', durationMinutes: 10, presenterName: 'Người dẫn chương trình' },
			{ kind: 'report', title: `Báo cáo ${word}${movement}${event.period_label ? ` ${event.period_label}` : ''}`, durationMinutes: 25, presenterPosition: event.organiser_name },
			{ kind: 'video', title: 'Chiếu phóng sự về kết quả thực hiện phong trào', durationMinutes: 10 }
		];
		if (presented?.length) {
			for (const s of [...presented].sort((a, b) => a.order - b.order)) {
				items.push({ kind: 'discussion', title: `Tham luận: ${s.title}`, durationMinutes: s.speakingMinutes || 7, presenterName: s.presenterName, presenterPosition: [s.presenterPosition, s.unit].filter(Boolean).join(', '), submissionId: s.id });
			}
		} else {
			items.push({ kind: 'discussion', title: DISCUSSION_PLACEHOLDER, durationMinutes: 30 });
		}
		items.push(
			{ kind: 'break', title: 'Giải lao', durationMinutes: 10 },
			{ kind: 'awards', title: 'Công bố quyết định và trao khen thưởng', durationMinutes: 30 },
			{ kind: 'directive', title: 'Phát biểu chỉ đạo của lãnh đạo tỉnh', durationMinutes: 20 },
			{ kind: 'response', title: 'Phát biểu tiếp thu ý kiến chỉ đạo', durationMinutes: 5 },
			{ kind: 'closing', title: 'Bế mạc hội nghị', durationMinutes: 5 }
		);
		for (const [i, it] of items.entries()) {
			await tx
				.insertInto('programme_item')
				.values({
					event_id: eventId,
					position: i + 1,
					kind: it.kind,
					title: it.title,
					duration_minutes: it.durationMinutes,
					presenter_name: it.presenterName ?? '',
					presenter_position: it.presenterPosition ?? '',
					submission_id: it.submissionId ?? null
				})
				.execute();
		}
		await writeAudit(tx, actorOf(principal), {
			action: 'programme.template.created',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { items: items.length, discussions: presented?.length ?? 0 }
		});
		return items.length;
	});
}

/** Counts of a tham luận sync: items added, changed (title, presenter, duration or place), removed. */
export interface DiscussionSync {
	added: number;
	updated: number;
	removed: number;
}

type ItemRow = Awaited<ReturnType<typeof itemsOf>>[number];

function discussionFields(s: PresentedSubmission) {
	return {
		title: `Tham luận: ${s.title}`,
		presenter_name: s.presenterName,
		presenter_position: [s.presenterPosition, s.unit].filter(Boolean).join(', '),
		duration_minutes: s.speakingMinutes || 7
	};
}

/**
 * Makes the tham luận items of the programme follow the tham luận selected to be presented (in the caller's
 * transaction, under the programme's lock):
 * - each presented tham luận has one item (title, presenter, duration = its speaking time);
 * - the items take the places the tham luận items already hold, in speaking order (a break between two
 *   tham luận stays where it is); extra ones go right after the last of them;
 * - the first ones selected take the place of the template's placeholder (else after the last tham luận
 *   item, else before the awards, else at the end);
 * - an item whose tham luận is no longer presented (printed only, sent back, not used) is removed: the
 *   programme (and the MC script, the stage view) must not announce a speaker who will not speak, and the
 *   item holds nothing that the tham luận does not (its title goes to `removedTitles`, for the audit row).
 *   An item the stage manager already started stays as it is: it happened.
 * Times follow from positions and durations (plannedTimes), so the day is re-timed as when an item moves.
 */
export async function applyDiscussions(
	tx: Tx,
	eventId: number,
	presented: PresentedSubmission[],
	removedTitles: string[] = []
): Promise<DiscussionSync> {
	await lockProgramme(tx, eventId);
	const rows = await itemsOf(tx, eventId);
	const wanted = new Map(presented.map((s) => [s.id, s]));
	const sorted = [...presented].sort((a, b) => a.order - b.order || a.id - b.id);
	let added = 0;
	let updated = 0;
	let removed = 0;

	const kept: ItemRow[] = [];
	for (const r of rows) {
		if (r.submission_id !== null && !wanted.has(r.submission_id) && !r.actual_start) {
			await tx.deleteFrom('programme_item').where('id', '=', r.id).execute();
			removedTitles.push(r.title);
			removed++;
		} else kept.push(r);
	}
	// The item of each presented tham luận (the first, should there be two).
	const itemOf = new Map<number, ItemRow>();
	for (const r of kept) if (r.submission_id !== null && wanted.has(r.submission_id) && !itemOf.has(r.submission_id)) itemOf.set(r.submission_id, r);
	// Tham luận that already had an item: in speaking order, and in the programme's order before this sync.
	const newOrder = sorted.filter((s) => itemOf.has(s.id)).map((s) => s.id);
	const oldOrder = kept.filter((r) => r.submission_id !== null && itemOf.get(r.submission_id) === r).map((r) => r.submission_id!);

	type Entry = ItemRow | PresentedSubmission;
	const entries: Entry[] = sorted.map((s) => itemOf.get(s.id) ?? s);
	const list: Entry[] = [...kept];
	const slots = kept.flatMap((r, i) => (r.submission_id !== null && itemOf.get(r.submission_id) === r ? [i] : []));
	if (slots.length) {
		slots.forEach((at, k) => (list[at] = entries[k]));
		list.splice(slots[slots.length - 1] + 1, 0, ...entries.slice(slots.length));
	} else if (entries.length) {
		const placeholder = kept.findIndex((r) => r.kind === 'discussion' && r.submission_id === null && r.title === DISCUSSION_PLACEHOLDER);
		const lastDiscussion = kept.map((r) => r.kind).lastIndexOf('discussion');
		const awards = kept.findIndex((r) => r.kind === 'awards');
		const at = placeholder >= 0 ? placeholder : lastDiscussion >= 0 ? lastDiscussion + 1 : awards >= 0 ? awards : kept.length;
		list.splice(at, 0, ...entries);
	}
	// The placeholder goes once real tham luận are in the programme.
	if (entries.length) {
		const i = list.findIndex((e) => 'position' in e && e.kind === 'discussion' && e.submission_id === null && e.title === DISCUSSION_PLACEHOLDER);
		if (i >= 0) {
			await tx.deleteFrom('programme_item').where('id', '=', (list[i] as ItemRow).id).execute();
			list.splice(i, 1);
		}
	}

	const moved = new Set(newOrder.filter((id, i) => oldOrder[i] !== id));
	for (const [i, e] of list.entries()) {
		const position = i + 1;
		if (!('position' in e)) {
			await tx
				.insertInto('programme_item')
				.values({ ...discussionFields(e), kind: 'discussion', event_id: eventId, position, submission_id: e.id })
				.execute();
			added++;
			continue;
		}
		const set: Record<string, unknown> = {};
		if (e.position !== position) set.position = position;
		const s = e.submission_id !== null && itemOf.get(e.submission_id) === e ? wanted.get(e.submission_id) : undefined;
		if (s) {
			const want = discussionFields(s);
			const changed = (Object.keys(want) as (keyof typeof want)[]).filter((k) => e[k] !== want[k]);
			for (const k of changed) set[k] = want[k];
			if (changed.length || moved.has(s.id)) updated++;
		}
		if (Object.keys(set).length) {
			if (s) set.updated_at = sql`now()`;
			await tx.updateTable('programme_item').set(set).where('id', '=', e.id).execute();
		}
	}
	return { added, updated, removed };
}

async function loadPresented(): Promise<((db: Executor, eventId: number) => Promise<PresentedSubmission[]>) | null> {
	const load = submissionsLoader();
	if (!load) return null;
	const mod = (await load()) as { presentedSubmissions?: (db: Executor, eventId: number) => Promise<PresentedSubmission[]> };
	return mod.presentedSubmissions ?? null;
}

/**
 * “Cập nhật từ tham luận”: brings the tham luận items in line with the submissions selected to be presented
 * (applyDiscussions). The submissions capability also does this by itself whenever the selection, the order
 * or a speaking time changes (followPresented); this is for a programme built by hand, or edited since.
 */
export async function syncDiscussions(db: Executor, principal: Principal, eventId: number): Promise<DiscussionSync> {
	const read = await loadPresented();
	if (!read) throw new DomainError('submissions_unavailable', 'Chức năng tham luận chưa sẵn sàng', { status: 409 });
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		await lockProgramme(tx, eventId);
		// Read under the lock, in this transaction: a selection changed meanwhile is not undone.
		const removedTitles: string[] = [];
		const r = await applyDiscussions(tx, eventId, await read(tx, eventId), removedTitles);
		await writeAudit(tx, actorOf(principal), {
			action: 'programme.discussions.synced',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { ...r, removedTitles }
		});
		return r;
	});
}

/**
 * Called by the submissions capability in the transaction that changed the presented tham luận (decision,
 * order, speaking time, title or presenter), after the change: the programme follows at once, with its own
 * audit row. An empty programme is left alone (the template takes the tham luận when it is created).
 * `read` is called under the programme's lock, so that of two changes made at the same time the later
 * one sees the earlier (committed) one. Returns null when nothing was done.
 */
export async function followPresented(
	tx: Tx,
	event: Pick<EventRow, 'id' | 'organisation_id'>,
	actor: Actor,
	read: (tx: Tx) => Promise<PresentedSubmission[]>,
	trigger: string
): Promise<DiscussionSync | null> {
	await lockProgramme(tx, event.id);
	const any = await tx.selectFrom('programme_item').select('id').where('event_id', '=', event.id).limit(1).executeTakeFirst();
	if (!any) return null;
	const removedTitles: string[] = [];
	const r = await applyDiscussions(tx, event.id, await read(tx), removedTitles);
	if (!r.added && !r.updated && !r.removed) return r;
	await writeAudit(tx, actor, {
		action: 'programme.discussions.synced',
		entityType: 'event',
		entityId: event.id,
		organisationId: event.organisation_id,
		eventId: event.id,
		data: { ...r, removedTitles, trigger }
	});
	return r;
}

/** "07:30 – 07:45". */
export function timeRange(start: string | Date, end: string | Date): string {
	return `${formatTime(start)} – ${formatTime(end)}`;
}
