/**
 * Award decisions (quyết định khen thưởng), their recipients and prize money, the Excel import of the list
 * attached to a decision, and the explicit recompute. Batches and the stage live in batches.ts.
 *
 * Prize money is computed when an award is recorded (added, imported) and stored with the rule that produced
 * it. Changing a decision's date or form recomputes its awards (that is an edit of the decision itself);
 * changing the rules never does: the page shows which amounts differ and offers "Tính lại".
 */
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { inTransaction, type Executor, type Tx } from '$lib/server/db';
import { writeAudit, changedFields } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { DomainError, invalid, mapConstraintError, notFound } from '$lib/server/errors';
import { searchKey } from '$lib/format';
import { readTable, parseAwardSheet, type AwardImportPreview, type DecisionHints } from '$lib/server/sheets';
import { computePrize, ruleChanged, type PrizeRules } from './prize';
import { getAwardForm, listAwardForms, loadPrizeRules, type AwardFormRow } from './rules';
import { compareCeremony } from './ceremony';
import { newVerificationCode } from './codes';
import type { AwardInput, DecisionInput } from './schema';
import type { AwardTable, Fund, PrizeRule, RecipientKind } from './tables';

// ------------------------------------------------------------------------------------------------
// Reading

export interface DecisionSummary {
	id: number;
	number: string;
	decisionDate: string;
	formId: number;
	formCode: string;
	formName: string;
	certificateTitle: string;
	precedence: number;
	level: string;
	printsCertificate: boolean;
	issuer: string;
	authorityLine: string;
	subject: string;
	signerPrefix: string;
	signerTitle: string;
	signerName: string;
	fund: Fund;
	fundUnit: string;
	defaultAchievement: string;
	count: number;
	amount: number;
	byKind: Record<RecipientKind, number>;
}

function decisionsQuery(db: Executor, eventId: number) {
	return db
		.selectFrom('award_decision as d')
		.innerJoin('award_form as f', 'f.id', 'd.form_id')
		.select([
			'd.id',
			'd.number',
			'd.decision_date',
			'd.form_id',
			'f.code as form_code',
			'f.name as form_name',
			'f.certificate_title',
			'f.precedence',
			'f.level',
			'f.prints_certificate',
			'd.issuer',
			'd.authority_line',
			'd.subject',
			'd.signer_prefix',
			'd.signer_title',
			'd.signer_name',
			'd.fund',
			'd.fund_unit',
			'd.default_achievement',
			(eb) =>
				eb
					.selectFrom('award as a')
					.select(sql<string>`json_build_object('n', count(*), 'amount', coalesce(sum(a.amount), 0), 'c', count(*) filter (where a.kind = 'collective'), 'i', count(*) filter (where a.kind = 'individual'), 'h', count(*) filter (where a.kind = 'household'))::text`.as('s'))
					.whereRef('a.decision_id', '=', 'd.id')
					.as('stats')
		])
		.where('d.event_id', '=', eventId);
}

type DecisionQueryRow = Awaited<ReturnType<ReturnType<typeof decisionsQuery>['execute']>>[number];

function decisionSummary(r: DecisionQueryRow): DecisionSummary {
	const s = JSON.parse(String(r.stats ?? '{}')) as { n?: number; amount?: number; c?: number; i?: number; h?: number };
	return {
		id: r.id,
		number: r.number,
		decisionDate: r.decision_date,
		formId: r.form_id,
		formCode: r.form_code,
		formName: r.form_name,
		certificateTitle: r.certificate_title,
		precedence: r.precedence,
		level: r.level,
		printsCertificate: r.prints_certificate,
		issuer: r.issuer,
		authorityLine: r.authority_line,
		subject: r.subject,
		signerPrefix: r.signer_prefix,
		signerTitle: r.signer_title,
		signerName: r.signer_name,
		fund: r.fund,
		fundUnit: r.fund_unit,
		defaultAchievement: r.default_achievement,
		count: Number(s.n ?? 0),
		amount: Number(s.amount ?? 0),
		byKind: { collective: Number(s.c ?? 0), individual: Number(s.i ?? 0), household: Number(s.h ?? 0) }
	};
}

/** The event's decisions, highest award first. */
export async function listDecisions(db: Executor, principal: Principal, eventId: number): Promise<DecisionSummary[]> {
	await requireEventAccess(db, principal, eventId, 'award.view');
	const rows = await decisionsQuery(db, eventId).orderBy('f.precedence').orderBy('d.decision_date').orderBy('d.id').execute();
	return rows.map(decisionSummary);
}

async function decisionRow(db: Executor, eventId: number, decisionId: number): Promise<DecisionSummary> {
	const r = await decisionsQuery(db, eventId).where('d.id', '=', decisionId).executeTakeFirst();
	if (!r) throw notFound('Không tìm thấy quyết định khen thưởng');
	return decisionSummary(r);
}

export interface AwardView {
	id: number;
	decisionId: number;
	kind: RecipientKind;
	name: string;
	salutation: 'Ông' | 'Bà' | null;
	householdHead: string | null;
	position: string;
	unit: string;
	achievement: string;
	listOrder: number;
	amount: number;
	fund: Fund;
	prizeRule: Partial<PrizeRule>;
	registerSeq: number | null;
	registerNumber: string | null;
	verificationCode: string;
	delegateId: number | null;
	batchId: number | null;
	batchOrder: number;
	notes: string;
}

export function awardView(a: Selectable<AwardTable>): AwardView {
	return {
		id: a.id,
		decisionId: a.decision_id,
		kind: a.kind,
		name: a.name,
		salutation: a.salutation,
		householdHead: a.household_head,
		position: a.position,
		unit: a.unit,
		achievement: a.achievement,
		listOrder: a.list_order,
		amount: Number(a.amount),
		fund: a.fund,
		prizeRule: (a.prize_rule ?? {}) as Partial<PrizeRule>,
		registerSeq: a.register_seq,
		registerNumber: a.register_number,
		verificationCode: a.verification_code,
		delegateId: a.delegate_id,
		batchId: a.batch_id,
		batchOrder: a.batch_order,
		notes: a.notes
	};
}

/** "Ông Nguyễn Văn A", "Ủy ban nhân dân xã Phước Bình", "Hộ ông Đàng Thanh Ánh": the name as called on stage. */
export function displayName(a: { kind: RecipientKind; name: string; salutation: 'Ông' | 'Bà' | null }): string {
	return a.kind === 'individual' && a.salutation ? `${a.salutation} ${a.name}` : a.name;
}

/** "Phó Chủ tịch UBND xã, UBND xã Phước Hậu": position and unit (or the household's address). */
export function detailLine(a: { position: string; unit: string }): string {
	return [a.position, a.unit].filter((s) => s && s.trim()).join(', ');
}

export interface DecisionDetail {
	decision: DecisionSummary;
	awards: (AwardView & { currentAmount: number; stale: boolean })[];
	staleCount: number;
}

/** One decision with its recipients in list order, and which recorded amounts differ from today's rules. */
export async function getDecision(db: Executor, principal: Principal, eventId: number, decisionId: number): Promise<DecisionDetail> {
	await requireEventAccess(db, principal, eventId, 'award.view');
	const decision = await decisionRow(db, eventId, decisionId);
	const rows = await db
		.selectFrom('award')
		.selectAll()
		.where('event_id', '=', eventId)
		.where('decision_id', '=', decisionId)
		.orderBy('list_order')
		.orderBy('id')
		.execute();
	const rules = await loadPrizeRules(db);
	const awards = rows.map((r) => {
		const v = awardView(r);
		const current = computePrize(rules, { decisionDate: decision.decisionDate, formCode: decision.formCode, kind: v.kind });
		return { ...v, currentAmount: current.amount, stale: ruleChanged(v.prizeRule, current) };
	});
	return { decision, awards, staleCount: awards.filter((a) => a.stale).length };
}

/** Every award of the event in ceremony order, with its decision and form. */
export interface CeremonyAward extends AwardView {
	decisionNumber: string;
	decisionDate: string;
	formId: number;
	formCode: string;
	formName: string;
	certificateTitle: string;
	precedence: number;
	level: string;
	printsCertificate: boolean;
}

export async function ceremonyAwards(db: Executor, eventId: number, opts: { decisionId?: number } = {}): Promise<CeremonyAward[]> {
	let q = db
		.selectFrom('award as a')
		.innerJoin('award_decision as d', 'd.id', 'a.decision_id')
		.innerJoin('award_form as f', 'f.id', 'd.form_id')
		.selectAll('a')
		.select([
			'd.number as decision_number',
			'd.decision_date',
			'd.form_id',
			'f.code as form_code',
			'f.name as form_name',
			'f.certificate_title',
			'f.precedence',
			'f.level',
			'f.prints_certificate'
		])
		.where('a.event_id', '=', eventId);
	if (opts.decisionId) q = q.where('a.decision_id', '=', opts.decisionId);
	const rows = await q.execute();
	const out = rows.map((r) => ({
		...awardView(r),
		decisionNumber: r.decision_number,
		decisionDate: r.decision_date,
		formId: r.form_id,
		formCode: r.form_code,
		formName: r.form_name,
		certificateTitle: r.certificate_title,
		precedence: r.precedence,
		level: r.level,
		printsCertificate: r.prints_certificate
	}));
	return out.sort(compareCeremony);
}

// ------------------------------------------------------------------------------------------------
// Decisions

function defaultAuthorityLine(form: AwardFormRow, event: EventRow, issuer: string): string {
	if (form.code === 'bk_ttg') return 'THỦ TƯỚNG CHÍNH PHỦ';
	if (form.level === 'state') return 'CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
	if (form.level === 'province') {
		const parent = (event.authority_parent || 'ỦY BAN NHÂN DÂN').trim();
		const name = (event.authority_name || '').trim();
		return `CHỦ TỊCH ${parent} ${name}`.replace(/\s+/g, ' ').trim().toLocaleUpperCase('vi');
	}
	return issuer.toLocaleUpperCase('vi');
}

function defaultIssuer(form: AwardFormRow): string {
	switch (form.level) {
		case 'state':
			return 'Chủ tịch nước';
		case 'government':
			return 'Thủ tướng Chính phủ';
		case 'province':
			return 'Chủ tịch Ủy ban nhân dân tỉnh';
		default:
			return '';
	}
}

function defaultSubject(form: AwardFormRow, event: EventRow): string {
	const movement = event.movement ? ` trong Phong trào thi đua “${event.movement}”` : '';
	const period = event.period_label ? ` ${event.period_label}` : '';
	return `về việc tặng ${form.name} cho các tập thể, cá nhân, hộ gia đình đã có thành tích xuất sắc${movement}${period}`;
}

/** Records a decision. Defaults: fund from the form, authority line and subject from the event. */
export async function createDecision(db: Executor, principal: Principal, eventId: number, input: Partial<DecisionInput>): Promise<number> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
			return insertDecision(tx, principal, event, input);
		});
	} catch (e) {
		throw mapDecisionConstraint(e);
	}
}

function mapDecisionConstraint(e: unknown): unknown {
	return mapConstraintError(e, {
		award_decision_event_number_key: { code: 'decision_number_taken', message: 'Hội nghị đã có quyết định cùng số', field: 'number' }
	});
}

async function insertDecision(tx: Tx, principal: Principal, event: EventRow, input: Partial<DecisionInput>): Promise<number> {
	if (!input.number || !input.decisionDate || !input.formId) {
		throw invalid({
			...(!input.number ? { number: 'Nhập số quyết định' } : {}),
			...(!input.decisionDate ? { decisionDate: 'Nhập ngày quyết định' } : {}),
			...(!input.formId ? { formId: 'Chọn hình thức khen thưởng' } : {})
		});
	}
	const form = await getAwardForm(tx, event.organisation_id, input.formId);
	const issuer = input.issuer || defaultIssuer(form);
	const row = await tx
		.insertInto('award_decision')
		.values({
			event_id: event.id,
			number: input.number,
			decision_date: input.decisionDate,
			form_id: form.id,
			issuer,
			authority_line: input.authorityLine || defaultAuthorityLine(form, event, issuer),
			subject: input.subject || defaultSubject(form, event),
			signer_prefix: input.signerPrefix ?? '',
			signer_title: input.signerTitle ?? '',
			signer_name: input.signerName ?? '',
			fund: input.fund ?? form.fund,
			fund_unit: input.fundUnit ?? '',
			default_achievement: input.defaultAchievement ?? '',
			created_by: principal.user.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await writeAudit(tx, actorOf(principal), {
		action: 'award.decision.created',
		entityType: 'award_decision',
		entityId: row.id,
		organisationId: event.organisation_id,
		eventId: event.id,
		data: { number: input.number, decisionDate: input.decisionDate, form: form.name, fund: input.fund ?? form.fund }
	});
	return row.id;
}

/**
 * Edits a decision. A new date or form recomputes its awards' prizes (an edit of the decision, recorded in
 * the audit with the old and new amounts); a new fund is copied to its awards.
 */
export async function updateDecision(
	db: Executor,
	principal: Principal,
	eventId: number,
	decisionId: number,
	input: Partial<DecisionInput>
): Promise<{ recomputed: number }> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
			const old = await tx
				.selectFrom('award_decision')
				.selectAll()
				.where('event_id', '=', eventId)
				.where('id', '=', decisionId)
				.forUpdate()
				.executeTakeFirst();
			if (!old) throw notFound('Không tìm thấy quyết định khen thưởng');
			let form: AwardFormRow | null = null;
			if (input.formId !== undefined && input.formId !== old.form_id) {
				form = await getAwardForm(tx, event.organisation_id, input.formId);
				const households = await tx.selectFrom('award').select('id').where('decision_id', '=', decisionId).where('kind', '=', 'household').execute();
				const refused = households.length ? checkKindAllowed(form.level, 'household') : null;
				if (refused) throw invalid({ formId: refused }, `${refused}: quyết định có ${households.length} hộ gia đình`);
			}
			const cols: Record<string, unknown> = {};
			const map: Record<string, string> = {
				number: 'number',
				decisionDate: 'decision_date',
				formId: 'form_id',
				issuer: 'issuer',
				authorityLine: 'authority_line',
				subject: 'subject',
				signerPrefix: 'signer_prefix',
				signerTitle: 'signer_title',
				signerName: 'signer_name',
				fund: 'fund',
				fundUnit: 'fund_unit',
				defaultAchievement: 'default_achievement'
			};
			for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== null && map[k]) cols[map[k]] = v;
			if (form && input.fund == null) cols.fund = form.fund;
			const changes = changedFields(old as unknown as Record<string, unknown>, cols);
			if (!Object.keys(changes).length) return { recomputed: 0 };
			await tx.updateTable('award_decision').set({ ...cols, updated_at: sql`now()` }).where('id', '=', decisionId).execute();
			if (changes.fund) await tx.updateTable('award').set({ fund: cols.fund as Fund }).where('decision_id', '=', decisionId).execute();
			let recomputed = 0;
			if (changes.decision_date || changes.form_id) {
				recomputed = (await recomputeIn(tx, eventId, { decisionId })).changed.length;
			}
			await writeAudit(tx, actorOf(principal), {
				action: 'award.decision.updated',
				entityType: 'award_decision',
				entityId: decisionId,
				organisationId: event.organisation_id,
				eventId,
				data: { ...changes, ...(recomputed ? { recomputedAwards: recomputed } : {}) }
			});
			return { recomputed };
		});
	} catch (e) {
		throw mapDecisionConstraint(e);
	}
}

/** Deletes a decision with its awards (they leave their batches). */
export async function deleteDecision(db: Executor, principal: Principal, eventId: number, decisionId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		const d = await decisionRow(tx, eventId, decisionId);
		await tx.deleteFrom('award_decision').where('id', '=', decisionId).where('event_id', '=', eventId).execute();
		await dropEmptyBatches(tx, eventId);
		await writeAudit(tx, actorOf(principal), {
			action: 'award.decision.deleted',
			entityType: 'award_decision',
			entityId: decisionId,
			organisationId: event.organisation_id,
			eventId,
			data: { number: d.number, awards: d.count, amount: d.amount }
		});
	});
}

export async function dropEmptyBatches(tx: Executor, eventId: number): Promise<void> {
	await tx
		.deleteFrom('ceremony_batch')
		.where('event_id', '=', eventId)
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('award').select('award.id').whereRef('award.batch_id', '=', 'ceremony_batch.id')))
		)
		.execute();
	// Renumber positions 1..n (the unique constraint is deferred).
	const rest = await tx.selectFrom('ceremony_batch').select('id').where('event_id', '=', eventId).orderBy('position').execute();
	for (const [i, b] of rest.entries()) await tx.updateTable('ceremony_batch').set({ position: i + 1 }).where('id', '=', b.id).execute();
}

// ------------------------------------------------------------------------------------------------
// Awards

async function lockDecision(tx: Tx, eventId: number, decisionId: number) {
	const d = await tx
		.selectFrom('award_decision as d')
		.innerJoin('award_form as f', 'f.id', 'd.form_id')
		.select(['d.id', 'd.number', 'd.decision_date', 'd.fund', 'd.default_achievement', 'f.code as form_code', 'f.level', 'f.name as form_name'])
		.where('d.event_id', '=', eventId)
		.where('d.id', '=', decisionId)
		.forUpdate(['d'])
		.executeTakeFirst();
	if (!d) throw notFound('Không tìm thấy quyết định khen thưởng');
	return d;
}

/** Inserts awards of one decision after its existing ones, computing each prize now. */
async function insertAwards(
	tx: Tx,
	eventId: number,
	decision: { id: number; decision_date: string; fund: Fund; form_code: string; default_achievement: string },
	rules: PrizeRules,
	items: (AwardInput & { delegateId?: number | null })[]
): Promise<number[]> {
	if (!items.length) return [];
	const max = await tx
		.selectFrom('award')
		.select((eb) => eb.fn.max('list_order').as('m'))
		.where('decision_id', '=', decision.id)
		.executeTakeFirst();
	let order = Number(max?.m ?? 0);
	const ids: number[] = [];
	for (let i = 0; i < items.length; i += 200) {
		const chunk = items.slice(i, i + 200);
		const rows = chunk.map((a) => {
			const rule = computePrize(rules, { decisionDate: decision.decision_date, formCode: decision.form_code, kind: a.kind });
			return {
				event_id: eventId,
				decision_id: decision.id,
				kind: a.kind,
				name: a.name,
				salutation: a.salutation,
				household_head: a.householdHead,
				position: a.position,
				unit: a.unit,
				achievement: a.achievement || decision.default_achievement,
				list_order: ++order,
				amount: rule.amount,
				prize_rule: JSON.stringify(rule),
				fund: decision.fund,
				verification_code: newVerificationCode(),
				delegate_id: a.delegateId ?? null,
				notes: a.notes,
				search_key: searchKey([a.name, a.position, a.unit].join(' '))
			};
		});
		const inserted = await tx.insertInto('award').values(rows).returning('id').execute();
		ids.push(...inserted.map((r) => r.id));
	}
	return ids;
}

function checkKindAllowed(level: string, kind: RecipientKind): string | null {
	if (level === 'state' && kind === 'household') return 'Huân chương không tặng cho hộ gia đình';
	return null;
}

/** Adds one recipient to a decision. */
export async function addAward(
	db: Executor,
	principal: Principal,
	eventId: number,
	decisionId: number,
	input: Partial<AwardInput> & { delegateId?: number | null }
): Promise<number> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		if (!input.kind || !input.name) throw invalid({ ...(!input.kind ? { kind: 'Chọn loại' } : {}), ...(!input.name ? { name: 'Nhập tên' } : {}) });
		const d = await lockDecision(tx, eventId, decisionId);
		const refused = checkKindAllowed(d.level, input.kind!);
		if (refused) throw invalid({ kind: refused }, refused);
		if (input.delegateId) await requireDelegate(tx, eventId, input.delegateId);
		const rules = await loadPrizeRules(tx);
		const [id] = await insertAwards(tx, eventId, d, rules, [
			{
				kind: input.kind!,
				name: input.name!,
				salutation: input.salutation ?? null,
				householdHead: input.householdHead ?? null,
				position: input.position ?? '',
				unit: input.unit ?? '',
				achievement: input.achievement ?? '',
				notes: input.notes ?? '',
				delegateId: input.delegateId ?? null
			}
		]);
		await writeAudit(tx, actorOf(principal), {
			action: 'award.created',
			entityType: 'award',
			entityId: id,
			organisationId: event.organisation_id,
			eventId,
			data: { decision: d.number, kind: input.kind, name: input.name }
		});
		return id;
	});
}

async function requireDelegate(tx: Executor, eventId: number, delegateId: number) {
	const r = await tx.selectFrom('delegate').select(['id', 'full_name', 'position', 'unit']).where('event_id', '=', eventId).where('id', '=', delegateId).executeTakeFirst();
	if (!r) throw new DomainError('delegate_not_found', 'Không tìm thấy đại biểu trong hội nghị này', { status: 404, fields: { delegateId: 'Chọn đại biểu của hội nghị' } });
	return r;
}

/** Edits a recipient; a new kind recomputes its prize. `delegateId` links who comes on stage (null unlinks). */
export async function updateAward(
	db: Executor,
	principal: Principal,
	eventId: number,
	awardId: number,
	input: Partial<AwardInput> & { delegateId?: number | null }
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		const old = await tx.selectFrom('award').selectAll().where('event_id', '=', eventId).where('id', '=', awardId).forUpdate().executeTakeFirst();
		if (!old) throw notFound('Không tìm thấy người, tập thể được khen thưởng');
		const cols: Record<string, unknown> = {};
		const map: Record<string, string> = {
			kind: 'kind',
			name: 'name',
			salutation: 'salutation',
			householdHead: 'household_head',
			position: 'position',
			unit: 'unit',
			achievement: 'achievement',
			notes: 'notes',
			delegateId: 'delegate_id'
		};
		for (const [k, v] of Object.entries(input)) if (v !== undefined && map[k]) cols[map[k]] = v;
		if (input.delegateId) await requireDelegate(tx, eventId, input.delegateId);
		const changes = changedFields(old as unknown as Record<string, unknown>, cols);
		if (!Object.keys(changes).length) return;
		if (changes.kind) {
			const d = await lockDecision(tx, eventId, old.decision_id);
			const refused = checkKindAllowed(d.level, cols.kind as RecipientKind);
			if (refused) throw invalid({ kind: refused }, refused);
			const rule = computePrize(await loadPrizeRules(tx), { decisionDate: d.decision_date, formCode: d.form_code, kind: cols.kind as RecipientKind });
			cols.amount = rule.amount;
			cols.prize_rule = JSON.stringify(rule);
			changes.amount = { from: Number(old.amount), to: rule.amount };
		}
		const name = (cols.name as string) ?? old.name;
		const position = (cols.position as string) ?? old.position;
		const unit = (cols.unit as string) ?? old.unit;
		cols.search_key = searchKey([name, position, unit].join(' '));
		await tx.updateTable('award').set({ ...cols, updated_at: sql`now()` }).where('id', '=', awardId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'award.updated',
			entityType: 'award',
			entityId: awardId,
			organisationId: event.organisation_id,
			eventId,
			data: changes
		});
	});
}

export async function deleteAward(db: Executor, principal: Principal, eventId: number, awardId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		const old = await tx.selectFrom('award').selectAll().where('event_id', '=', eventId).where('id', '=', awardId).executeTakeFirst();
		if (!old) throw notFound('Không tìm thấy người, tập thể được khen thưởng');
		await tx.deleteFrom('award').where('id', '=', awardId).execute();
		await dropEmptyBatches(tx, eventId);
		await writeAudit(tx, actorOf(principal), {
			action: 'award.deleted',
			entityType: 'award',
			entityId: awardId,
			organisationId: event.organisation_id,
			eventId,
			data: { name: old.name, kind: old.kind, amount: Number(old.amount) }
		});
	});
}

// ------------------------------------------------------------------------------------------------
// Prize quotes and the explicit recompute

/** What the rules give today for a date, form and kind (the API's prize calculator; nothing is stored). */
export async function quotePrize(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: { decisionDate: string; formId: number; kind: RecipientKind }
): Promise<PrizeRule & { formName: string }> {
	const { event } = await requireEventAccess(db, principal, eventId, 'award.view');
	const form = await getAwardForm(db, event.organisation_id, input.formId);
	return { ...computePrize(await loadPrizeRules(db), { decisionDate: input.decisionDate, formCode: form.code, kind: input.kind }), formName: form.name };
}

async function recomputeIn(tx: Tx, eventId: number, opts: { decisionId?: number }) {
	const rules = await loadPrizeRules(tx);
	let q = tx
		.selectFrom('award as a')
		.innerJoin('award_decision as d', 'd.id', 'a.decision_id')
		.innerJoin('award_form as f', 'f.id', 'd.form_id')
		.select(['a.id', 'a.name', 'a.kind', 'a.amount', 'a.prize_rule', 'd.decision_date', 'f.code as form_code'])
		.where('a.event_id', '=', eventId);
	if (opts.decisionId) q = q.where('a.decision_id', '=', opts.decisionId);
	const rows = await q.execute();
	const changed: { id: number; name: string; from: number; to: number }[] = [];
	for (const r of rows) {
		const rule = computePrize(rules, { decisionDate: r.decision_date, formCode: r.form_code, kind: r.kind });
		if (!ruleChanged(r.prize_rule as Partial<PrizeRule>, rule)) continue;
		await tx.updateTable('award').set({ amount: rule.amount, prize_rule: JSON.stringify(rule), updated_at: sql`now()` }).where('id', '=', r.id).execute();
		changed.push({ id: r.id, name: r.name, from: Number(r.amount), to: rule.amount });
	}
	return { changed };
}

/**
 * Recomputes recorded prizes with today's rules (all of the event's, or one decision's). Only awards whose
 * rule or amount differs are touched; the audit row lists every old and new amount.
 */
export async function recomputePrizes(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { decisionId?: number } = {}
): Promise<{ changed: { id: number; name: string; from: number; to: number }[] }> {
	return inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
		if (opts.decisionId) await lockDecision(tx, eventId, opts.decisionId);
		const res = await recomputeIn(tx, eventId, opts);
		await writeAudit(tx, actorOf(principal), {
			action: 'award.prizes.recomputed',
			entityType: opts.decisionId ? 'award_decision' : 'event',
			entityId: opts.decisionId ?? eventId,
			organisationId: event.organisation_id,
			eventId,
			data: { changed: res.changed }
		});
		return res;
	});
}

// ------------------------------------------------------------------------------------------------
// Import of the list attached to a decision (all or nothing: preview, then commit)

export interface ImportRowView {
	rowNumber: number;
	kind: RecipientKind | null;
	name: string;
	salutation: 'Ông' | 'Bà' | null;
	householdHead: string | null;
	position: string;
	unit: string;
	achievement: string;
	section: string | null;
	amount: number | null;
	missing: string | null;
}

export interface ImportView {
	importId: number;
	filename: string;
	hints: DecisionHints;
	/** Form guessed from the title rows ("… ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH …"). */
	suggestedFormId: number | null;
	title: string | null;
	rows: ImportRowView[];
	problems: AwardImportPreview['problems'];
	duplicates: number;
	skipped: number;
	stats: AwardImportPreview['stats'];
	warnings: string[];
	errorCount: number;
	warningCount: number;
	/** Amounts are for this date and form (the target decision's, or the hints'). */
	priceDate: string | null;
	priceFormId: number | null;
	total: number | null;
	decisionId: number | null;
	committed: boolean;
}

interface StoredPreview {
	preview: AwardImportPreview;
	title: string | null;
	suggestedFormId: number | null;
}

/** Guesses the award form from a list's title rows. */
export function guessFormCode(text: string): string | null {
	const k = searchKey(text);
	if (/huan chuong lao dong hang nhat/.test(k)) return 'hcld_1';
	if (/huan chuong lao dong hang nhi/.test(k)) return 'hcld_2';
	if (/huan chuong lao dong hang ba/.test(k)) return 'hcld_3';
	if (/bang khen (cua )?thu tuong/.test(k)) return 'bk_ttg';
	if (/bang khen/.test(k)) return 'bk_tinh';
	if (/giay khen (cua )?chu tich (uy ban nhan dan|ubnd) (cap )?(xa|phuong)/.test(k)) return 'giay_khen_xa';
	if (/giay khen/.test(k)) return 'giay_khen';
	return null;
}

/** Reads an uploaded list and stores its preview; nothing is imported yet. */
export async function previewAwardImport(
	db: Executor,
	principal: Principal,
	eventId: number,
	bytes: Uint8Array,
	filename: string,
	opts: { decisionId?: number | null } = {}
): Promise<ImportView> {
	const { event } = await requireEventAccess(db, principal, eventId, 'award.edit');
	if (opts.decisionId) await decisionRow(db, eventId, opts.decisionId);
	const table = await readTable(bytes, filename);
	const preview = parseAwardSheet(table);
	const sheet = table.sheets.find((s) => s.name === preview.sheetName) ?? table.sheets[table.primary];
	const firstHeader = Math.min(...preview.headerRowNumbers);
	const titleLines = sheet.rows
		.filter((r) => r.n < firstHeader)
		.flatMap((r) => [...new Set(r.cells.filter(Boolean))]);
	const title = titleLines.find((l) => /danh sách|khen thưởng|bằng khen|giấy khen|huân chương/i.test(l)) ?? titleLines[0] ?? null;
	const formCode = guessFormCode(titleLines.join(' '));
	const forms = await listAwardForms(db, event.organisation_id);
	const suggestedFormId = forms.find((f) => f.code === formCode)?.id ?? null;
	const stored: StoredPreview = { preview, title, suggestedFormId };
	const sha = createHash('sha256').update(bytes).digest('hex');
	const id = await inTransaction(db, async (tx) => {
		// Old previews of this event are not needed once a newer one exists for more than a day.
		await tx
			.deleteFrom('award_import')
			.where('event_id', '=', eventId)
			.where('committed_at', 'is', null)
			.where('created_at', '<', sql<Date>`now() - interval '1 day'`)
			.execute();
		const row = await tx
			.insertInto('award_import')
			.values({
				event_id: eventId,
				created_by: principal.user.id,
				filename: filename.slice(0, 200),
				sha256: sha,
				preview: JSON.stringify(stored),
				decision_id: opts.decisionId ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	});
	return getAwardImport(db, principal, eventId, id);
}

/** A stored preview, with amounts for the target decision (or for the list's own hints). */
export async function getAwardImport(db: Executor, principal: Principal, eventId: number, importId: number): Promise<ImportView> {
	const { event } = await requireEventAccess(db, principal, eventId, 'award.edit');
	const row = await db.selectFrom('award_import').selectAll().where('event_id', '=', eventId).where('id', '=', importId).executeTakeFirst();
	if (!row) throw new DomainError('import_not_found', 'Không tìm thấy bản xem trước; hãy tải tệp lên lại', { status: 404 });
	const stored = row.preview as unknown as StoredPreview;
	const p = stored.preview;
	let priceDate: string | null = p.decisionHints.date;
	let priceFormId: number | null = stored.suggestedFormId;
	if (row.decision_id) {
		const d = await decisionRow(db, eventId, row.decision_id).catch(() => null);
		if (d) {
			priceDate = d.decisionDate;
			priceFormId = d.formId;
		}
	}
	const rules = await loadPrizeRules(db);
	const form = priceFormId ? (await listAwardForms(db, event.organisation_id)).find((f) => f.id === priceFormId) : undefined;
	const rows: ImportRowView[] = p.rows.map((r) => {
		const rule = r.kind && priceDate && form ? computePrize(rules, { decisionDate: priceDate, formCode: form.code, kind: r.kind }) : null;
		return {
			rowNumber: r.rowNumber,
			kind: r.kind,
			name: r.name,
			salutation: r.salutation,
			householdHead: r.householdHead,
			position: r.position ?? '',
			unit: r.unit ?? '',
			achievement: r.achievement ?? '',
			section: r.section,
			amount: rule ? rule.amount : null,
			missing: rule?.missing ?? null
		};
	});
	const problems = [...p.problems];
	if (form) {
		for (const r of p.rows) {
			const refused = r.kind ? checkKindAllowed(form.level, r.kind) : null;
			if (refused) problems.push({ rowNumber: r.rowNumber, field: 'kind', severity: 'error', message: refused });
		}
	}
	return {
		importId: row.id,
		filename: row.filename,
		hints: p.decisionHints,
		suggestedFormId: stored.suggestedFormId,
		title: stored.title,
		rows,
		problems,
		duplicates: p.duplicates.length,
		skipped: p.skipped.length,
		stats: p.stats,
		warnings: p.warnings,
		errorCount: problems.filter((x) => x.severity === 'error').length,
		warningCount: problems.filter((x) => x.severity === 'warning').length,
		priceDate,
		priceFormId,
		total: form && priceDate ? rows.reduce((s, r) => s + (r.amount ?? 0), 0) : null,
		decisionId: row.decision_id,
		committed: !!row.committed_at
	};
}

/**
 * Imports a previewed list, all or nothing: into an existing decision, or a new one recorded in the same
 * transaction. Refused while the preview has an error row.
 */
export async function commitAwardImport(
	db: Executor,
	principal: Principal,
	eventId: number,
	importId: number,
	target: { decisionId: number } | { decision: Partial<DecisionInput> }
): Promise<{ decisionId: number; imported: number }> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'award.edit');
			const row = await tx.selectFrom('award_import').selectAll().where('event_id', '=', eventId).where('id', '=', importId).forUpdate().executeTakeFirst();
			if (!row) throw new DomainError('import_not_found', 'Không tìm thấy bản xem trước; hãy tải tệp lên lại', { status: 404 });
			if (row.committed_at) throw new DomainError('import_already_committed', 'Danh sách này đã được nhập', { status: 409 });
			const p = (row.preview as unknown as StoredPreview).preview;
			const errors = p.problems.filter((x) => x.severity === 'error');
			if (errors.length) {
				throw new DomainError('import_has_errors', `Danh sách còn ${errors.length} lỗi: sửa tệp rồi tải lên lại`, { details: { problems: errors } });
			}
			const decisionId = 'decisionId' in target ? target.decisionId : await insertDecision(tx, principal, event, target.decision);
			const d = await lockDecision(tx, eventId, decisionId);
			const refused = p.rows.filter((r) => r.kind && checkKindAllowed(d.level, r.kind));
			if (refused.length) {
				throw new DomainError('import_has_errors', `${refused.length} dòng không hợp lệ với hình thức ${d.form_name}`, {
					details: { problems: refused.map((r) => ({ rowNumber: r.rowNumber, severity: 'error', message: checkKindAllowed(d.level, r.kind!) })) }
				});
			}
			const rules = await loadPrizeRules(tx);
			const ids = await insertAwards(
				tx,
				eventId,
				d,
				rules,
				p.rows.map((r) => ({
					kind: r.kind!,
					name: r.name,
					salutation: r.salutation,
					householdHead: r.householdHead,
					position: r.position ?? '',
					unit: r.unit ?? '',
					achievement: r.achievement ?? '',
					notes: r.notes ?? ''
				}))
			);
			await tx.updateTable('award_import').set({ committed_at: sql`now()`, decision_id: decisionId }).where('id', '=', importId).execute();
			await writeAudit(tx, actorOf(principal), {
				action: 'award.imported',
				entityType: 'award_decision',
				entityId: decisionId,
				organisationId: event.organisation_id,
				eventId,
				data: { filename: row.filename, sha256: row.sha256, rows: ids.length, decision: d.number, byKind: p.stats.byKind }
			});
			return { decisionId, imported: ids.length };
		});
	} catch (e) {
		throw mapDecisionConstraint(e);
	}
}

// ------------------------------------------------------------------------------------------------
// Summary for the overview card

export async function awardsOverview(db: Executor, eventId: number) {
	const r = await db
		.selectFrom('award')
		.select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>('amount').as('amount')])
		.where('event_id', '=', eventId)
		.executeTakeFirst();
	const decisions = await db.selectFrom('award_decision').select((eb) => eb.fn.countAll<string>().as('n')).where('event_id', '=', eventId).executeTakeFirst();
	const batches = await db.selectFrom('ceremony_batch').select((eb) => eb.fn.countAll<string>().as('n')).where('event_id', '=', eventId).executeTakeFirst();
	return { awards: Number(r?.n ?? 0), amount: Number(r?.amount ?? 0), decisions: Number(decisions?.n ?? 0), batches: Number(batches?.n ?? 0) };
}
