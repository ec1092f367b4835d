/**
 * Ceremony batches (đợt): groups of recipients called on stage together, generated in precedence order,
 * each with a presenting leader, editable by drag; who comes on stage for each award (a linked delegate)
 * and whether they are present (check-in), and the stage pointer the live views follow.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type Principal } from '$lib/server/auth/access';
import { DomainError, invalid, notFound } from '$lib/server/errors';
import { searchKey } from '$lib/format';
import { orderedDelegates, type DelegateRow } from '$lib/server/delegates/order';
import { presenceOf } from '$lib/server/checkin/presence';
import { assignPresenters, batchTitle, mergePositionUnit, planBatches, KIND_LABELS } from './ceremony';
import { ceremonyAwards, detailLine, displayName, type CeremonyAward } from './service';
import { DEFAULT_STAGE_CAPACITY, getCeremonySetting, updateCeremonySetting } from './settings';
import type { BatchStatus, RecipientKind } from './tables';
import { notifyStage } from './stream';

export type PresenceState = 'present' | 'absent' | 'unknown';

/** The delegate tier of the people invited because they are awarded ("Tập thể, cá nhân … được khen thưởng"). */
const RECIPIENT_TIER = /khen\s+thưởng/i;

export interface LeaderCandidate {
	id: number;
	name: string;
	position: string;
	unit: string;
	tierName: string;
	present: boolean;
	declined: boolean;
	/** A central guest (tier "Trung ương"): presents state awards, not the province's own. */
	central: boolean;
}

/** "Ông Nguyễn Văn A", with salutation when known. */
function personName(d: Pick<DelegateRow, 'salutation' | 'full_name'>): string {
	return d.salutation ? `${d.salutation} ${d.full_name}` : d.full_name;
}

/**
 * Presenting leaders: people of the leader tiers in protocol order. On the day (someone has checked in)
 * only those present; before it, everyone who has not declined.
 */
export async function leaderCandidates(
	db: Executor,
	eventId: number
): Promise<{ all: LeaderCandidate[]; eligible: LeaderCandidate[]; presenceKnown: boolean }> {
	const [delegates, presence] = await Promise.all([orderedDelegates(db, eventId), presenceOf(db, eventId)]);
	const presenceKnown = [...presence.values()].some((p) => p.present);
	const all = delegates
		.filter((d) => d.tier_is_leader && d.kind === 'person' && d.full_name.trim())
		.map((d) => ({
			id: d.id,
			name: d.full_name,
			position: d.position,
			unit: d.unit,
			tierName: d.tier_name,
			present: presence.get(d.id)?.present ?? false,
			declined: d.reply_status === 'declined',
			central: /trung\s+ương/i.test(d.tier_name)
		}));
	const eligible = all.filter((l) => (presenceKnown ? l.present : !l.declined));
	return { all, eligible, presenceKnown };
}

function presenterText(l: LeaderCandidate): { name: string; position: string } {
	return { name: l.name, position: mergePositionUnit(l.position, l.unit) };
}

/**
 * Replaces the event's batches with ones generated from the awards in ceremony order (see planBatches), the
 * batch size set by the stage capacity (given, or the event's setting), presenters from the eligible leaders.
 */
export async function generateBatches(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { capacity?: number } = {}
): Promise<{ batches: number; leaders: number }> {
	return inTransaction(db, async (tx) => {
		// Access first: a role without award.edit gets 403 whatever the capacity it sent.
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		if (opts.capacity !== undefined && (!Number.isInteger(opts.capacity) || opts.capacity < 1 || opts.capacity > 60)) {
			throw invalid({ capacity: 'Số người trên sân khấu từ 1 đến 60' });
		}
		await sql`select pg_advisory_xact_lock(4242006, ${eventId})`.execute(tx);
		const setting = await getCeremonySetting(tx, eventId);
		const capacity = opts.capacity ?? setting.stage_capacity ?? DEFAULT_STAGE_CAPACITY;
		const awards = await ceremonyAwards(tx, eventId);
		const { eligible } = await leaderCandidates(tx, eventId);
		const plan = planBatches(awards, capacity, eligible.length);
		const national = new Set(awards.filter((a) => a.level === 'state' || a.level === 'government').map((a) => a.decisionId));
		const presenters = assignPresenters(plan.map((b) => ({ national: national.has(b.decisionId) })), eligible);
		await tx.updateTable('award').set({ batch_id: null, batch_order: 0 }).where('event_id', '=', eventId).execute();
		await tx.deleteFrom('ceremony_batch').where('event_id', '=', eventId).execute();
		const placed: ReturnType<typeof sql>[] = [];
		for (const [i, b] of plan.entries()) {
			const at = presenters[i];
			const leader = at === null ? null : eligible[at];
			const p = leader ? presenterText(leader) : { name: '', position: '' };
			const row = await tx
				.insertInto('ceremony_batch')
				.values({
					event_id: eventId,
					position: i + 1,
					decision_id: b.decisionId,
					title: batchTitle(i + 1, b.awards[0].formName, b.kind, b.awards.length),
					presenter_delegate_id: leader?.id ?? null,
					presenter_name: p.name,
					presenter_position: p.position
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			for (const [j, a] of b.awards.entries()) placed.push(sql`(${a.id}::int, ${row.id}::int, ${j + 1}::int)`);
		}
		// One statement per thousand awards rather than one per award.
		for (let i = 0; i < placed.length; i += 1000) {
			await sql`update award set batch_id = v.batch_id, batch_order = v.batch_order
				from (values ${sql.join(placed.slice(i, i + 1000))}) as v(id, batch_id, batch_order)
				where award.id = v.id and award.event_id = ${eventId}`.execute(tx);
		}
		await updateCeremonySetting(tx, eventId, { stage_capacity: capacity, current_batch_id: null });
		await notifyStage(tx, eventId, 'batches.generated');
		await writeAudit(tx, actorOf(principal), {
			action: 'award.batches.generated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { capacity, batches: plan.length, awards: awards.length, leaders: eligible.map((l) => l.name) }
		});
		return { batches: plan.length, leaders: eligible.length };
	});
}

export interface BatchAwardView {
	id: number;
	kind: RecipientKind;
	kindLabel: string;
	displayName: string;
	detail: string;
	formName: string;
	decisionNumber: string;
	amount: number;
	delegateId: number | null;
	delegateName: string | null;
	presence: PresenceState;
}

export interface BatchView {
	id: number;
	position: number;
	title: string;
	decisionId: number | null;
	decisionNumber: string | null;
	formName: string | null;
	presenterDelegateId: number | null;
	presenterName: string;
	presenterPosition: string;
	/** The presenter was chosen but is not present (on the day). */
	presenterAbsent: boolean;
	status: BatchStatus;
	awards: BatchAwardView[];
	absentCount: number;
}

export interface BatchesView {
	batches: BatchView[];
	unassigned: BatchAwardView[];
	leaders: LeaderCandidate[];
	presenceKnown: boolean;
	capacity: number;
	currentBatchId: number | null;
}

/** Batches with their recipients, presence flags and the leaders to choose from. */
export async function listBatches(db: Executor, principal: Principal, eventId: number): Promise<BatchesView> {
	await requireEventAccess(db, principal, eventId, 'programme.view');
	return batchesView(db, eventId);
}

export async function batchesView(db: Executor, eventId: number): Promise<BatchesView> {
	const [awards, batches, setting, presence, leaders, delegates] = await Promise.all([
		ceremonyAwards(db, eventId),
		db
			.selectFrom('ceremony_batch as b')
			.leftJoin('award_decision as d', 'd.id', 'b.decision_id')
			.leftJoin('award_form as f', 'f.id', 'd.form_id')
			.select(['b.id', 'b.position', 'b.title', 'b.decision_id', 'd.number', 'f.name as form_name', 'b.presenter_delegate_id', 'b.presenter_name', 'b.presenter_position', 'b.status'])
			.where('b.event_id', '=', eventId)
			.orderBy('b.position')
			.execute(),
		getCeremonySetting(db, eventId),
		presenceOf(db, eventId),
		leaderCandidates(db, eventId),
		db.selectFrom('delegate').select(['id', 'full_name', 'addressed_to', 'unit', 'salutation']).where('event_id', '=', eventId).execute()
	]);
	const names = new Map(delegates.map((d) => [d.id, d.full_name || d.addressed_to || d.unit]));
	const presenceKnown = leaders.presenceKnown || [...presence.values()].some((p) => p.present);
	const view = (a: CeremonyAward): BatchAwardView => {
		let state: PresenceState = 'unknown';
		if (a.delegateId && presenceKnown) state = presence.get(a.delegateId)?.present ? 'present' : 'absent';
		return {
			id: a.id,
			kind: a.kind,
			kindLabel: KIND_LABELS[a.kind],
			displayName: displayName(a),
			detail: detailLine(a),
			formName: a.formName,
			decisionNumber: a.decisionNumber,
			amount: a.amount,
			delegateId: a.delegateId,
			delegateName: a.delegateId ? (names.get(a.delegateId) ?? null) : null,
			presence: state
		};
	};
	const byBatch = new Map<number, CeremonyAward[]>();
	const unassigned: BatchAwardView[] = [];
	for (const a of awards) {
		if (a.batchId) {
			const list = byBatch.get(a.batchId) ?? [];
			list.push(a);
			byBatch.set(a.batchId, list);
		} else unassigned.push(view(a));
	}
	return {
		batches: batches.map((b) => {
			const list = (byBatch.get(b.id) ?? []).sort((x, y) => x.batchOrder - y.batchOrder || x.id - y.id).map(view);
			return {
				id: b.id,
				position: b.position,
				title: b.title,
				decisionId: b.decision_id,
				decisionNumber: b.number ?? null,
				formName: b.form_name ?? null,
				presenterDelegateId: b.presenter_delegate_id,
				presenterName: b.presenter_name,
				presenterPosition: b.presenter_position,
				presenterAbsent: !!b.presenter_delegate_id && presenceKnown && !presence.get(b.presenter_delegate_id)?.present,
				status: b.status,
				awards: list,
				absentCount: list.filter((a) => a.presence === 'absent').length
			};
		}),
		unassigned,
		leaders: leaders.all,
		presenceKnown,
		capacity: setting.stage_capacity,
		currentBatchId: setting.current_batch_id
	};
}

export interface ArrangementInput {
	batches: { id: number | null; title?: string; presenterDelegateId?: number | null; awardIds: number[] }[];
}

/** Parses the drag-and-drop arrangement the batches page posts as JSON. */
export function parseArrangement(raw: unknown): ArrangementInput {
	const fail = () => invalid({ arrangement: 'Sắp xếp đợt không hợp lệ' }, 'Sắp xếp đợt không hợp lệ');
	if (!raw || typeof raw !== 'object' || !Array.isArray((raw as { batches?: unknown }).batches)) throw fail();
	const batches = (raw as { batches: unknown[] }).batches.map((b) => {
		if (!b || typeof b !== 'object') throw fail();
		const o = b as Record<string, unknown>;
		const id = o.id === null || o.id === undefined || o.id === '' ? null : Number(o.id);
		if (id !== null && (!Number.isSafeInteger(id) || id <= 0)) throw fail();
		if (!Array.isArray(o.awardIds) || !o.awardIds.every((x) => Number.isSafeInteger(Number(x)))) throw fail();
		const pd = o.presenterDelegateId;
		return {
			id,
			title: typeof o.title === 'string' ? o.title.normalize('NFC').trim().slice(0, 300) : undefined,
			presenterDelegateId: pd === undefined ? undefined : pd === null || pd === '' ? null : Number(pd),
			awardIds: o.awardIds.map(Number)
		};
	});
	if (batches.length > 500) throw fail();
	return { batches };
}

/**
 * Saves an edited arrangement (drag and drop): batch order, membership and order inside each batch,
 * presenters. Batches left out are removed (their recipients become unassigned); empty ones are dropped.
 */
export async function saveArrangement(db: Executor, principal: Principal, eventId: number, input: ArrangementInput): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		await sql`select pg_advisory_xact_lock(4242006, ${eventId})`.execute(tx);
		const awards = await tx.selectFrom('award').select(['id', 'decision_id']).where('event_id', '=', eventId).execute();
		const known = new Map(awards.map((a) => [a.id, a]));
		const existing = await tx.selectFrom('ceremony_batch').select(['id', 'title', 'presenter_delegate_id']).where('event_id', '=', eventId).execute();
		const existingIds = new Set(existing.map((b) => b.id));
		const seen = new Set<number>();
		for (const b of input.batches) {
			if (b.id !== null && !existingIds.has(b.id)) throw notFound('Không tìm thấy đợt trao');
			for (const id of b.awardIds) {
				if (!known.has(id)) throw notFound('Không tìm thấy người, tập thể được khen thưởng');
				if (seen.has(id)) throw new DomainError('award_in_two_batches', 'Một người, tập thể chỉ ở một đợt trao', { status: 400 });
				seen.add(id);
			}
		}
		const presenterIds = input.batches.map((b) => b.presenterDelegateId).filter((x): x is number => typeof x === 'number');
		const delegates = presenterIds.length
			? await tx.selectFrom('delegate').select(['id', 'full_name', 'position', 'unit']).where('event_id', '=', eventId).where('id', 'in', presenterIds).execute()
			: [];
		const byId = new Map(delegates.map((d) => [d.id, d]));
		for (const id of presenterIds) if (!byId.has(id)) throw new DomainError('delegate_not_found', 'Không tìm thấy đại biểu trao', { status: 404 });

		await tx.updateTable('award').set({ batch_id: null, batch_order: 0 }).where('event_id', '=', eventId).execute();
		const keep = new Set(input.batches.filter((b) => b.id !== null).map((b) => b.id!));
		const removed = existing.filter((b) => !keep.has(b.id)).map((b) => b.id);
		if (removed.length) await tx.deleteFrom('ceremony_batch').where('id', 'in', removed).execute();
		let position = 0;
		for (const b of input.batches) {
			if (!b.awardIds.length) {
				if (b.id !== null) await tx.deleteFrom('ceremony_batch').where('id', '=', b.id).execute();
				continue;
			}
			position++;
			const decisions = new Set(b.awardIds.map((id) => known.get(id)!.decision_id));
			const decisionId = decisions.size === 1 ? [...decisions][0] : null;
			const cols: Record<string, unknown> = { position, decision_id: decisionId };
			if (b.title !== undefined) cols.title = b.title;
			if (b.presenterDelegateId !== undefined) {
				const d = b.presenterDelegateId === null ? null : byId.get(b.presenterDelegateId)!;
				cols.presenter_delegate_id = d?.id ?? null;
				cols.presenter_name = d?.full_name ?? '';
				cols.presenter_position = d ? mergePositionUnit(d.position, d.unit) : '';
			}
			let id = b.id;
			if (id === null) {
				const row = await tx
					.insertInto('ceremony_batch')
					.values({ event_id: eventId, position, decision_id: decisionId, title: b.title || `Đợt ${position}` })
					.returning('id')
					.executeTakeFirstOrThrow();
				id = row.id;
				if (b.presenterDelegateId !== undefined) await tx.updateTable('ceremony_batch').set(cols).where('id', '=', id).execute();
			} else {
				await tx.updateTable('ceremony_batch').set(cols).where('id', '=', id).execute();
			}
			for (const [j, awardId] of b.awardIds.entries()) {
				await tx.updateTable('award').set({ batch_id: id, batch_order: j + 1 }).where('id', '=', awardId).execute();
			}
		}
		await notifyStage(tx, eventId, 'batches.arranged');
		await writeAudit(tx, actorOf(principal), {
			action: 'award.batches.arranged',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { batches: input.batches.map((b) => ({ id: b.id, awards: b.awardIds, presenter: b.presenterDelegateId })) }
		});
	});
}

/** Sets one batch's presenter (a delegate, or a name typed by hand) and title. */
export async function updateBatch(
	db: Executor,
	principal: Principal,
	eventId: number,
	batchId: number,
	input: { title?: string; presenterDelegateId?: number | null; presenterName?: string; presenterPosition?: string }
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		const b = await tx.selectFrom('ceremony_batch').selectAll().where('event_id', '=', eventId).where('id', '=', batchId).executeTakeFirst();
		if (!b) throw notFound('Không tìm thấy đợt trao');
		const cols: Record<string, unknown> = {};
		if (input.title !== undefined) cols.title = input.title.normalize('NFC').trim().slice(0, 300);
		if (input.presenterDelegateId !== undefined) {
			if (input.presenterDelegateId === null) {
				cols.presenter_delegate_id = null;
				cols.presenter_name = input.presenterName?.normalize('NFC').trim() ?? '';
				cols.presenter_position = input.presenterPosition?.normalize('NFC').trim() ?? '';
			} else {
				const d = await tx.selectFrom('delegate').select(['id', 'full_name', 'position', 'unit']).where('event_id', '=', eventId).where('id', '=', input.presenterDelegateId).executeTakeFirst();
				if (!d) throw new DomainError('delegate_not_found', 'Không tìm thấy đại biểu trao', { status: 404 });
				cols.presenter_delegate_id = d.id;
				cols.presenter_name = d.full_name;
				cols.presenter_position = mergePositionUnit(d.position, d.unit);
			}
		} else {
			if (input.presenterName !== undefined) cols.presenter_name = input.presenterName.normalize('NFC').trim();
			if (input.presenterPosition !== undefined) cols.presenter_position = input.presenterPosition.normalize('NFC').trim();
		}
		if (!Object.keys(cols).length) return;
		await tx.updateTable('ceremony_batch').set(cols).where('id', '=', batchId).execute();
		await notifyStage(tx, eventId, 'batch.updated');
		await writeAudit(tx, actorOf(principal), {
			action: 'award.batch.updated',
			entityType: 'ceremony_batch',
			entityId: batchId,
			organisationId: event.organisation_id,
			eventId,
			data: cols
		});
	});
}

// ------------------------------------------------------------------------------------------------
// Who comes on stage

/**
 * Links awards without a delegate to the delegate who comes on stage, by name: a person by full name
 * (unit as a tie-break), a household by its head, a collective by a person whose unit is the collective
 * (preferred: someone physically comes) or a unit invitation addressed to it. Returns how many were linked.
 */
export async function autoLinkDelegates(db: Executor, principal: Principal, eventId: number): Promise<{ linked: number }> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		const awards = await tx
			.selectFrom('award')
			.select(['id', 'kind', 'name', 'household_head', 'unit', 'salutation'])
			.where('event_id', '=', eventId)
			.where('delegate_id', 'is', null)
			.execute();
		const delegates = await orderedDelegates(tx, eventId);
		const linked: { award: number; delegate: number }[] = [];
		const used = new Set<number>(
			(await tx.selectFrom('award').select('delegate_id').where('event_id', '=', eventId).where('delegate_id', 'is not', null).execute()).map((r) => r.delegate_id!)
		);
		// Keys computed once per delegate, people indexed by unit and by name (in protocol order), so each award
		// looks up its candidates instead of keying the whole list again (that was awards × delegates).
		const keyed = delegates.map((d) => ({ d, unit: searchKey(d.unit), name: searchKey(d.full_name), addressed: searchKey(d.addressed_to), recipient: RECIPIENT_TIER.test(d.tier_name) }));
		type Keyed = (typeof keyed)[number];
		const group = (list: Keyed[], by: (k: Keyed) => string) => {
			const m = new Map<string, Keyed[]>();
			for (const k of list) {
				const g = m.get(by(k));
				if (g) g.push(k);
				else m.set(by(k), [k]);
			}
			return m;
		};
		const persons = keyed.filter((k) => k.d.kind === 'person');
		const personsByUnit = group(persons, (k) => k.unit);
		const personsByName = group(persons, (k) => k.name);
		const unitLetters = keyed.filter((k) => k.d.kind === 'unit');
		const updates: { id: number; delegateId: number; salutation: 'Ông' | 'Bà' | null }[] = [];
		for (const a of awards) {
			let match: DelegateRow | undefined;
			if (a.kind === 'collective') {
				const key = searchKey(a.name);
				match =
					personsByUnit.get(key)?.find((k) => !used.has(k.d.id))?.d ??
					unitLetters.find((k) => !used.has(k.d.id) && (k.unit === key || k.addressed.includes(key)))?.d;
			} else {
				// Same name is not enough (a household head may share a name with an official): the delegate must
				// also be invited as a recipient (the recipients' tier) or work in the award's unit.
				const key = searchKey(a.kind === 'household' ? (a.household_head ?? a.name) : a.name);
				const unit = searchKey(a.unit);
				const same = (personsByName.get(key) ?? []).filter((k) => !used.has(k.d.id) && (k.recipient || (!!unit && k.unit === unit)));
				match = (same.find((k) => !!unit && k.unit === unit) ?? same[0])?.d;
			}
			if (!match) continue;
			used.add(match.id);
			// The list often has no gender column: the delegate's salutation fills it ("Bà …" on the certificate).
			const salutation = a.kind === 'individual' && !a.salutation && match.salutation ? match.salutation : a.salutation;
			updates.push({ id: a.id, delegateId: match.id, salutation });
			linked.push({ award: a.id, delegate: match.id });
		}
		for (let i = 0; i < updates.length; i += 1000) {
			const values = updates.slice(i, i + 1000).map((u) => sql`(${u.id}::int, ${u.delegateId}::int, ${u.salutation}::text)`);
			await sql`update award set delegate_id = v.delegate_id, salutation = v.salutation
				from (values ${sql.join(values)}) as v(id, delegate_id, salutation)
				where award.id = v.id and award.event_id = ${eventId}`.execute(tx);
		}
		await notifyStage(tx, eventId, 'delegates.linked');
		await writeAudit(tx, actorOf(principal), {
			action: 'award.delegates.linked',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { linked }
		});
		return { linked: linked.length };
	});
}

/** Delegates the organiser may link to an award (who comes on stage), in protocol order. */
export async function linkableDelegates(db: Executor, eventId: number) {
	const rows = await orderedDelegates(db, eventId);
	return rows.map((d) => ({
		id: d.id,
		label: [d.kind === 'person' ? personName(d) : d.addressed_to || d.unit, d.position, d.kind === 'person' ? d.unit : ''].filter(Boolean).join(', '),
		tierName: d.tier_name
	}));
}

// ------------------------------------------------------------------------------------------------
// The stage pointer

export type StageMove = 'next' | 'prev' | 'reset' | { batchId: number };

/**
 * Moves the stage to a batch: the ones before it are done, it is on stage, the rest pending. Every live
 * view (stage, MC) follows the stored pointer, so several screens agree.
 */
export async function moveStage(db: Executor, principal: Principal, eventId: number, move: StageMove): Promise<{ currentBatchId: number | null }> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'programme.edit');
		await sql`select pg_advisory_xact_lock(4242006, ${eventId})`.execute(tx);
		const batches = await tx.selectFrom('ceremony_batch').select(['id', 'position', 'status']).where('event_id', '=', eventId).orderBy('position').execute();
		const setting = await getCeremonySetting(tx, eventId);
		let at = batches.findIndex((b) => b.id === setting.current_batch_id);
		// Nothing on stage: before the first batch, or after the last one when all are done.
		if (at < 0 && batches.length && batches.every((b) => b.status === 'done')) at = batches.length;
		let next: number;
		if (move === 'reset') next = -1;
		else if (move === 'next') next = Math.min(at + 1, batches.length);
		else if (move === 'prev') next = Math.max(at - 1, -1);
		else {
			next = batches.findIndex((b) => b.id === move.batchId);
			if (next < 0) throw notFound('Không tìm thấy đợt trao');
		}
		// past the last batch: everything is done, nothing on stage
		const current = next >= 0 && next < batches.length ? batches[next] : null;
		for (const [i, b] of batches.entries()) {
			const status: BatchStatus = i < next ? 'done' : i === next ? 'on_stage' : 'pending';
			await tx
				.updateTable('ceremony_batch')
				.set({ status, ...(i === next ? { called_at: sql<Date>`now()` } : {}) })
				.where('id', '=', b.id)
				.execute();
		}
		await updateCeremonySetting(tx, eventId, { current_batch_id: current?.id ?? null });
		await notifyStage(tx, eventId, 'stage.moved');
		await writeAudit(tx, actorOf(principal), {
			action: 'award.stage.moved',
			entityType: 'ceremony_batch',
			entityId: current?.id ?? null,
			organisationId: event.organisation_id,
			eventId,
			data: { move: typeof move === 'string' ? move : 'batch', position: current?.position ?? null }
		});
		return { currentBatchId: current?.id ?? null };
	});
}
