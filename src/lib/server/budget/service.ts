/**
 * Budget of an event: funding sources, dự toán lines, thực chi entries. Finance edits (budget.edit),
 * organisers read (budget.view), everyone else gets 403.
 *
 * Every figure that can go over a limit is checked under row locks on the funding source (and line), so two
 * officers saving at once cannot both slip under the allocation. Going over needs a reason, which is kept on
 * the row and in the audit data together with the warnings that were shown.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor, type Tx } from '$lib/server/db';
import { changedFields, writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { DomainError, conflict, mapConstraintError, notFound } from '$lib/server/errors';
import { formatNumber, vnDateParts } from '$lib/format';
import { lineAmount, quantityFromDb, quantityToDb } from './money';
import { expenseWarnings, lineWarnings, needingReason, type BudgetWarning, type NormFacts } from './checks';
import { derive, readParams, type DeriveFacts } from './derive';
import { gatherFacts } from './inputs';
import { normNotUsable } from './norms';
import type { ExpenseInput, LineInput, ReversalInput, SourceInput } from './schema';
import { registerStored, type StoredReceipt } from './receipts';

/** 'YYYY-MM-DD' of the conference day in Vietnam. */
export function eventDay(e: Pick<EventRow, 'starts_at'>): string {
	const p = vnDateParts(e.starts_at);
	return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function overLimit(warnings: BudgetWarning[]): DomainError {
	const blocking = needingReason(warnings);
	return new DomainError(
		'budget_over_limit',
		blocking.length === 1 ? `${blocking[0].message} Cần nêu lý do để lưu.` : 'Vượt định mức hoặc vượt số kinh phí được giao: cần nêu lý do để lưu.',
		{ status: 409, fields: { overReason: 'Nêu lý do vượt (được ghi vào nhật ký)' }, details: { warnings } }
	);
}

const LINE_CONSTRAINTS = {
	budget_line_derived_key: { code: 'derived_line_exists', message: 'Đã có một khoản chi tự tính theo cách này cho khoản mục này', field: 'derivedFrom' },
	budget_line_amount_rounding: { code: 'invalid_input', message: 'Thành tiền không khớp số lượng × đơn giá', field: 'unitPrice' },
	budget_line_quantity_check: { code: 'invalid_input', message: 'Số lượng không được âm', field: 'quantity' }
};

async function sourceForUpdate(tx: Tx, eventId: number, sourceId: number) {
	const s = await tx
		.selectFrom('funding_source')
		.selectAll()
		.where('id', '=', sourceId)
		.where('event_id', '=', eventId)
		.forUpdate()
		.executeTakeFirst();
	if (!s) throw new DomainError('source_not_found', 'Không tìm thấy nguồn kinh phí của hội nghị này', { status: 400, fields: { fundingSourceId: 'Chọn nguồn kinh phí' } });
	return s;
}

async function linesTotal(tx: Executor, sourceId: number, exceptLineId: number | null): Promise<number> {
	let q = tx
		.selectFrom('budget_line')
		.select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('total'))
		.where('funding_source_id', '=', sourceId);
	if (exceptLineId) q = q.where('id', '<>', exceptLineId);
	return Number((await q.executeTakeFirstOrThrow()).total);
}

async function spentOn(tx: Executor, column: 'line_id' | 'funding_source_id', id: number): Promise<number> {
	const r = await tx
		.selectFrom('expense')
		.select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('total'))
		.where(column, '=', id)
		.executeTakeFirstOrThrow();
	return Number(r.total);
}

async function normFacts(tx: Executor, organisationId: number, normId: number | null, keepArchivedId: number | null): Promise<NormFacts | null> {
	if (!normId) return null;
	const n = await tx.selectFrom('budget_norm').selectAll().where('id', '=', normId).where('organisation_id', '=', organisationId).executeTakeFirst();
	if (!n || (n.archived_at && n.id !== keepArchivedId)) throw normNotUsable();
	return {
		name: n.name,
		maxAmount: n.max_amount,
		verified: n.verified,
		effectiveFrom: n.effective_from,
		effectiveTo: n.effective_to,
		legalBasis: n.legal_basis
	};
}

// ====================================================================== funding sources

export async function listSources(db: Executor, eventId: number) {
	return db.selectFrom('funding_source').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute();
}

function sourceColumns(input: Partial<SourceInput>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (input.name !== undefined) out.name = input.name;
	if (input.fundType !== undefined) out.fund_type = input.fundType;
	if (input.decisionNo !== undefined) out.decision_no = input.decisionNo;
	if (input.decisionDate !== undefined) out.decision_date = input.decisionDate;
	if (input.issuer !== undefined) out.issuer = input.issuer;
	if (input.amount !== undefined) out.amount = input.amount;
	if (input.notes !== undefined) out.notes = input.notes;
	return out;
}

const SOURCE_CONSTRAINTS = {
	funding_source_event_name_key: { code: 'source_name_taken', message: 'Hội nghị đã có nguồn kinh phí cùng tên', field: 'name' }
};

export async function createSource(db: Executor, principal: Principal, eventId: number, input: SourceInput): Promise<number> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
			const pos = await tx
				.selectFrom('funding_source')
				.select(sql<number>`coalesce(max(position), 0) + 1`.as('p'))
				.where('event_id', '=', eventId)
				.executeTakeFirstOrThrow();
			const row = await tx
				.insertInto('funding_source')
				.values({ ...sourceColumns(input), event_id: eventId, position: Number(pos.p) } as never)
				.returning('id')
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.source.created',
				entityType: 'funding_source',
				entityId: row.id,
				organisationId: event.organisation_id,
				eventId,
				data: { ...input }
			});
			return row.id;
		});
	} catch (e) {
		throw mapConstraintError(e, SOURCE_CONSTRAINTS);
	}
}

/**
 * Edits a source. Lowering the allocation below what is already estimated or spent is a warning that needs a
 * reason (kept in the audit data).
 */
export async function updateSource(
	db: Executor,
	principal: Principal,
	eventId: number,
	sourceId: number,
	input: Partial<SourceInput>,
	overReason: string | null = null
): Promise<void> {
	try {
		await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
			const before = await sourceForUpdate(tx, eventId, sourceId).catch(() => {
				throw notFound('Không tìm thấy nguồn kinh phí');
			});
			const cols = sourceColumns(input);
			const changes = changedFields(before as unknown as Record<string, unknown>, cols);
			if (!Object.keys(changes).length) return;
			const warnings: BudgetWarning[] = [];
			if (input.amount !== undefined && input.amount < before.amount) {
				const estimated = await linesTotal(tx, sourceId, null);
				const spent = await spentOn(tx, 'funding_source_id', sourceId);
				if (estimated > input.amount)
					warnings.push({
						code: 'over_allocation',
						needsReason: true,
						excess: estimated - input.amount,
						message: `Dự toán đã lập từ nguồn này (${formatNumber(estimated)} đ) sẽ vượt số được giao mới.`
					});
				if (spent > input.amount)
					warnings.push({
						code: 'over_source_spent',
						needsReason: true,
						excess: spent - input.amount,
						message: `Số đã chi từ nguồn này (${formatNumber(spent)} đ) sẽ vượt số được giao mới.`
					});
				if (warnings.length && !overReason) throw overLimit(warnings);
			}
			await tx
				.updateTable('funding_source')
				.set({ ...cols, updated_at: sql`now()` } as never)
				.where('id', '=', sourceId)
				.execute();
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.source.updated',
				entityType: 'funding_source',
				entityId: sourceId,
				organisationId: event.organisation_id,
				eventId,
				data: { ...changes, ...(warnings.length ? { warnings: warnings.map(auditWarning), overReason } : {}) }
			});
		});
	} catch (e) {
		throw mapConstraintError(e, SOURCE_CONSTRAINTS);
	}
}

export async function deleteSource(db: Executor, principal: Principal, eventId: number, sourceId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
		const before = await tx.selectFrom('funding_source').selectAll().where('id', '=', sourceId).where('event_id', '=', eventId).forUpdate().executeTakeFirst();
		if (!before) throw notFound('Không tìm thấy nguồn kinh phí');
		const used = await tx.selectFrom('budget_line').select('id').where('funding_source_id', '=', sourceId).limit(1).executeTakeFirst();
		if (used) throw conflict('source_in_use', 'Nguồn kinh phí đang có khoản chi trong dự toán: chuyển hoặc xóa các khoản chi trước.');
		await tx.deleteFrom('funding_source').where('id', '=', sourceId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'budget.source.deleted',
			entityType: 'funding_source',
			entityId: sourceId,
			organisationId: event.organisation_id,
			eventId,
			data: { name: before.name, amount: before.amount }
		});
	});
}

// ====================================================================== dự toán lines

function auditWarning(w: BudgetWarning) {
	return { code: w.code, message: w.message, ...(w.excess != null ? { excess: w.excess } : {}) };
}

interface LineSaveOptions {
	/** Facts for derived lines; gathered when not given. */
	facts?: DeriveFacts;
}

/** Creates a dự toán line (checks its norm and its source's allocation first). Returns the id. */
export async function createLine(db: Executor, principal: Principal, eventId: number, input: LineInput, opts: LineSaveOptions = {}): Promise<number> {
	await requireEventAccess(db, principal, eventId, 'budget.edit');
	const facts = input.derivedFrom ? (opts.facts ?? (await gatherFacts(db, eventId))) : null;
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
			const source = await sourceForUpdate(tx, eventId, input.fundingSourceId);
			const norm = await normFacts(tx, event.organisation_id, input.normId, null);
			const computed = computeLine(input, facts);
			const others = await linesTotal(tx, source.id, null);
			const warnings = lineWarnings({
				unitPrice: computed.unitPrice,
				amount: computed.amount,
				norm,
				eventDate: eventDay(event),
				source: { name: source.name, allocated: source.amount, otherLinesTotal: others }
			});
			const blocking = needingReason(warnings);
			if (blocking.length && !input.overReason) throw overLimit(warnings);
			const pos = await tx
				.selectFrom('budget_line')
				.select(sql<number>`coalesce(max(position), 0) + 1`.as('p'))
				.where('event_id', '=', eventId)
				.executeTakeFirstOrThrow();
			const row = await tx
				.insertInto('budget_line')
				.values({
					event_id: eventId,
					funding_source_id: source.id,
					category: input.category,
					description: input.description,
					unit: input.unit,
					quantity: quantityToDb(computed.quantity),
					unit_price: computed.unitPrice,
					amount: computed.amount,
					norm_id: input.normId,
					over_reason: blocking.length ? input.overReason : null,
					derived_from: input.derivedFrom,
					derived_params: JSON.stringify(input.derivedParams ?? {}),
					derived_inputs: computed.inputs ? JSON.stringify(computed.inputs) : null,
					derived_at: input.derivedFrom ? new Date() : null,
					notes: input.notes,
					position: Number(pos.p)
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.line.created',
				entityType: 'budget_line',
				entityId: row.id,
				organisationId: event.organisation_id,
				eventId,
				data: {
					description: input.description,
					category: input.category,
					fundingSourceId: source.id,
					quantity: quantityToDb(computed.quantity),
					unitPrice: computed.unitPrice,
					amount: computed.amount,
					normId: input.normId,
					...(input.derivedFrom ? { derivedFrom: input.derivedFrom, derivedInputs: computed.inputs } : {}),
					...(blocking.length ? { warnings: warnings.map(auditWarning), overReason: input.overReason } : {})
				}
			});
			return row.id;
		});
	} catch (e) {
		throw mapConstraintError(e, LINE_CONSTRAINTS);
	}
}

/** Quantity, price and amount of a line, applying its derivation when it has one and the data exists. */
function computeLine(
	input: Pick<LineInput, 'quantity' | 'unitPrice' | 'derivedFrom' | 'derivedParams' | 'category'>,
	facts: DeriveFacts | null
): { quantity: number; unitPrice: number; amount: number; inputs: Record<string, unknown> | null } {
	let quantity = input.quantity;
	let unitPrice = input.unitPrice;
	let inputs: Record<string, unknown> | null = null;
	if (input.derivedFrom && facts) {
		const d = derive(input.derivedFrom, input.category, input.derivedParams ?? {}, facts);
		if (d.ok) {
			quantity = d.quantityHundredths;
			if (d.unitPrice != null) unitPrice = d.unitPrice;
			inputs = { ...d.inputs, explanation: d.explanation };
		} else inputs = { missing: d.missing };
	}
	return { quantity, unitPrice, amount: lineAmount(quantity, unitPrice), inputs };
}

/** Edits a line. Moving it to another source is refused once money was spent on it (no double funding). */
export async function updateLine(
	db: Executor,
	principal: Principal,
	eventId: number,
	lineId: number,
	input: Partial<LineInput>,
	opts: LineSaveOptions = {}
): Promise<void> {
	await requireEventAccess(db, principal, eventId, 'budget.edit');
	const current = await db.selectFrom('budget_line').select(['derived_from']).where('id', '=', lineId).where('event_id', '=', eventId).executeTakeFirst();
	if (!current) throw notFound('Không tìm thấy khoản chi');
	const derivedFrom = input.derivedFrom !== undefined ? input.derivedFrom : current.derived_from;
	const facts = derivedFrom ? (opts.facts ?? (await gatherFacts(db, eventId))) : null;
	try {
		await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
			const before = await tx.selectFrom('budget_line').selectAll().where('id', '=', lineId).where('event_id', '=', eventId).forUpdate().executeTakeFirst();
			if (!before) throw notFound('Không tìm thấy khoản chi');
			const sourceId = input.fundingSourceId ?? before.funding_source_id;
			if (sourceId !== before.funding_source_id) {
				const spent = await tx.selectFrom('expense').select('id').where('line_id', '=', lineId).limit(1).executeTakeFirst();
				if (spent)
					throw conflict(
						'line_has_expenses',
						'Khoản chi đã có chứng từ thực chi từ nguồn hiện tại: không được chuyển sang nguồn khác (một khoản chi không quyết toán từ hai nguồn).'
					);
				await sourceForUpdate(tx, eventId, before.funding_source_id);
			}
			const source = await sourceForUpdate(tx, eventId, sourceId);
			const merged = {
				category: input.category ?? before.category,
				quantity: input.quantity ?? quantityFromDb(before.quantity),
				unitPrice: input.unitPrice ?? before.unit_price,
				derivedFrom,
				derivedParams: input.derivedParams ?? readParams(before.derived_params)
			};
			// A derived line keeps its figures unless the data can be read; a typed quantity is ignored for it.
			if (derivedFrom && input.quantity === undefined) merged.quantity = quantityFromDb(before.quantity);
			const normId = input.normId !== undefined ? input.normId : before.norm_id;
			const norm = await normFacts(tx, event.organisation_id, normId, before.norm_id);
			const computed = computeLine(merged, facts);
			const others = await linesTotal(tx, source.id, lineId);
			const warnings = lineWarnings({
				unitPrice: computed.unitPrice,
				amount: computed.amount,
				norm,
				eventDate: eventDay(event),
				source: { name: source.name, allocated: source.amount, otherLinesTotal: others }
			});
			const blocking = needingReason(warnings);
			const reason = input.overReason ?? before.over_reason;
			if (blocking.length && !reason) throw overLimit(warnings);
			const cols: Record<string, unknown> = {
				funding_source_id: sourceId,
				category: merged.category,
				quantity: quantityToDb(computed.quantity),
				unit_price: computed.unitPrice,
				amount: computed.amount,
				norm_id: normId,
				over_reason: blocking.length ? reason : null,
				derived_from: derivedFrom
			};
			if (input.description !== undefined) cols.description = input.description;
			if (input.unit !== undefined) cols.unit = input.unit;
			if (input.notes !== undefined) cols.notes = input.notes;
			const changes = changedFields(before as unknown as Record<string, unknown>, cols);
			const paramsChanged = input.derivedParams !== undefined && JSON.stringify(input.derivedParams) !== JSON.stringify(readParams(before.derived_params));
			if (!Object.keys(changes).length && !paramsChanged) return;
			await tx
				.updateTable('budget_line')
				.set({
					...cols,
					derived_params: JSON.stringify(merged.derivedParams ?? {}),
					derived_inputs: derivedFrom ? (computed.inputs ? JSON.stringify(computed.inputs) : before.derived_inputs ? JSON.stringify(before.derived_inputs) : null) : null,
					derived_at: derivedFrom ? (computed.inputs ? new Date() : before.derived_at) : null,
					updated_at: sql`now()`
				} as never)
				.where('id', '=', lineId)
				.execute();
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.line.updated',
				entityType: 'budget_line',
				entityId: lineId,
				organisationId: event.organisation_id,
				eventId,
				data: {
					...changes,
					...(paramsChanged ? { derivedParams: merged.derivedParams } : {}),
					...(blocking.length ? { warnings: warnings.map(auditWarning), overReason: reason } : {})
				}
			});
		});
	} catch (e) {
		throw mapConstraintError(e, LINE_CONSTRAINTS);
	}
}

export async function deleteLine(db: Executor, principal: Principal, eventId: number, lineId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
		const before = await tx.selectFrom('budget_line').selectAll().where('id', '=', lineId).where('event_id', '=', eventId).forUpdate().executeTakeFirst();
		if (!before) throw notFound('Không tìm thấy khoản chi');
		const spent = await tx.selectFrom('expense').select('id').where('line_id', '=', lineId).limit(1).executeTakeFirst();
		if (spent) throw conflict('line_has_expenses', 'Khoản chi đã có chứng từ thực chi: không xóa được (chứng từ được giữ để quyết toán).');
		await tx.deleteFrom('budget_line').where('id', '=', lineId).execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'budget.line.deleted',
			entityType: 'budget_line',
			entityId: lineId,
			organisationId: event.organisation_id,
			eventId,
			data: { description: before.description, amount: before.amount, fundingSourceId: before.funding_source_id }
		});
	});
}

export interface RecomputeResult {
	changed: { lineId: number; description: string; from: { quantity: string; unitPrice: number; amount: number }; to: { quantity: string; unitPrice: number; amount: number } }[];
	missing: { lineId: number; description: string; missing: string }[];
}

/**
 * Recomputes every derived line from the current data (attendance, letters, booklet, awards). The new totals
 * are checked like any save: a source pushed over its allocation (or a line over its norm) needs a reason.
 * `dryRun` reports what would change without saving.
 */
export async function recomputeDerived(
	db: Executor,
	principal: Principal,
	eventId: number,
	opts: { reason?: string | null; dryRun?: boolean; facts?: DeriveFacts } = {}
): Promise<RecomputeResult> {
	await requireEventAccess(db, principal, eventId, opts.dryRun ? 'budget.view' : 'budget.edit');
	const facts = opts.facts ?? (await gatherFacts(db, eventId));
	const run = async (tx: Tx): Promise<RecomputeResult> => {
		const { event } = await requireEventAccess(tx, principal, eventId, opts.dryRun ? 'budget.view' : 'budget.edit');
		const sources = await tx.selectFrom('funding_source').selectAll().where('event_id', '=', eventId).orderBy('id').forUpdate().execute();
		const lines = await tx.selectFrom('budget_line').selectAll().where('event_id', '=', eventId).orderBy('id').forUpdate().execute();
		const result: RecomputeResult = { changed: [], missing: [] };
		const newAmount = new Map<number, number>();
		const updates: { id: number; quantity: number; unitPrice: number; amount: number; inputs: Record<string, unknown> }[] = [];
		for (const l of lines) {
			newAmount.set(l.id, l.amount);
			if (!l.derived_from) continue;
			const d = derive(l.derived_from, l.category, readParams(l.derived_params), facts);
			if (!d.ok) {
				result.missing.push({ lineId: l.id, description: l.description, missing: d.missing });
				continue;
			}
			const unitPrice = d.unitPrice ?? l.unit_price;
			const amount = lineAmount(d.quantityHundredths, unitPrice);
			const qBefore = quantityFromDb(l.quantity);
			newAmount.set(l.id, amount);
			updates.push({ id: l.id, quantity: d.quantityHundredths, unitPrice, amount, inputs: { ...d.inputs, explanation: d.explanation } });
			if (qBefore !== d.quantityHundredths || unitPrice !== l.unit_price)
				result.changed.push({
					lineId: l.id,
					description: l.description,
					from: { quantity: l.quantity, unitPrice: l.unit_price, amount: l.amount },
					to: { quantity: quantityToDb(d.quantityHundredths), unitPrice, amount }
				});
		}
		// Checks on the new figures: each source's total, each changed line against its norm.
		const warnings: BudgetWarning[] = [];
		for (const s of sources) {
			const total = lines.filter((l) => l.funding_source_id === s.id).reduce((a, l) => a + newAmount.get(l.id)!, 0);
			const before = lines.filter((l) => l.funding_source_id === s.id).reduce((a, l) => a + l.amount, 0);
			if (total > s.amount && total > before)
				warnings.push({
					code: 'over_allocation',
					needsReason: true,
					excess: total - s.amount,
					message: `Sau khi tính lại, dự toán của nguồn “${s.name}” là ${formatNumber(total)} đ, vượt số được giao ${formatNumber(s.amount)} đ.`
				});
		}
		for (const c of result.changed) {
			const l = lines.find((x) => x.id === c.lineId)!;
			const norm = l.norm_id ? await normFacts(tx, event.organisation_id, l.norm_id, l.norm_id) : null;
			if (norm?.maxAmount != null && c.to.unitPrice > norm.maxAmount)
				warnings.push({ code: 'over_norm', needsReason: true, excess: c.to.unitPrice - norm.maxAmount, message: `“${l.description}”: đơn giá vượt định mức “${norm.name}”.` });
		}
		if (opts.dryRun) return result;
		if (warnings.length && !opts.reason) throw overLimit(warnings);
		for (const u of updates) {
			const changed = result.changed.some((c) => c.lineId === u.id);
			await tx
				.updateTable('budget_line')
				.set({
					quantity: quantityToDb(u.quantity),
					unit_price: u.unitPrice,
					amount: u.amount,
					derived_inputs: JSON.stringify(u.inputs),
					derived_at: new Date(),
					...(changed && warnings.length ? { over_reason: opts.reason ?? null } : {}),
					...(changed ? { updated_at: sql`now()` } : {})
				} as never)
				.where('id', '=', u.id)
				.execute();
		}
		await writeAudit(tx, actorOf(principal), {
			action: 'budget.line.recomputed',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: {
				changed: result.changed,
				missing: result.missing,
				facts: { attendance: facts.attendance, schedule: facts.schedule, letters: facts.letters, bookletPages: facts.bookletPages, certificates: facts.certificates },
				...(warnings.length ? { warnings: warnings.map(auditWarning), overReason: opts.reason } : {})
			}
		});
		return result;
	};
	return opts.dryRun ? run(db as Tx) : inTransaction(db, run);
}

// ====================================================================== thực chi

const EXPENSE_CONSTRAINTS = {
	expense_reverses_key: { code: 'already_reversed', message: 'Chứng từ này đã được đảo bút toán' },
	expense_line_source_fk: { code: 'source_mismatch', message: 'Nguồn kinh phí của chứng từ phải là nguồn của khoản chi', field: 'fundingSourceId' },
	expense_immutable: { code: 'expense_immutable', message: 'Chứng từ đã ghi không được sửa: hãy đảo bút toán rồi ghi lại' }
};

/** Records a thực chi entry against a line; its source is the line's source. Returns the id. */
export async function createExpense(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: ExpenseInput,
	receipt: StoredReceipt | null = null
): Promise<number> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
			const line = await tx.selectFrom('budget_line').selectAll().where('id', '=', input.lineId).where('event_id', '=', eventId).forUpdate().executeTakeFirst();
			if (!line) throw new DomainError('line_not_found', 'Không tìm thấy khoản chi trong dự toán của hội nghị này', { status: 400, fields: { lineId: 'Chọn khoản chi' } });
			const source = await sourceForUpdate(tx, eventId, line.funding_source_id);
			if (input.fundingSourceId != null && input.fundingSourceId !== line.funding_source_id)
				throw new DomainError(
					'source_mismatch',
					`Khoản chi “${line.description}” thuộc nguồn “${source.name}”: một khoản chi không được quyết toán từ hai nguồn.`,
					{ status: 400, fields: { fundingSourceId: `Nguồn của khoản chi này là “${source.name}”` } }
				);
			const warnings = expenseWarnings({
				amount: input.amount,
				line: { description: line.description, estimate: line.amount, spent: await spentOn(tx, 'line_id', line.id) },
				source: { name: source.name, allocated: source.amount, spent: await spentOn(tx, 'funding_source_id', source.id) }
			});
			if (warnings.length && !input.overReason) throw overLimit(warnings);
			if (receipt) await registerStored(tx, receipt);
			const row = await tx
				.insertInto('expense')
				.values({
					event_id: eventId,
					line_id: line.id,
					funding_source_id: line.funding_source_id,
					spent_on: input.spentOn,
					payee: input.payee,
					voucher_no: input.voucherNo,
					description: input.description,
					amount: input.amount,
					over_reason: warnings.length ? input.overReason : null,
					...(receipt ? receiptColumns(receipt) : {}),
					created_by: principal.user.id
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.expense.created',
				entityType: 'expense',
				entityId: row.id,
				organisationId: event.organisation_id,
				eventId,
				data: {
					lineId: line.id,
					fundingSourceId: line.funding_source_id,
					spentOn: input.spentOn,
					payee: input.payee,
					voucherNo: input.voucherNo,
					amount: input.amount,
					...(receipt ? { receipt: { name: receipt.name, sha256: receipt.sha256, size: receipt.size } } : {}),
					...(warnings.length ? { warnings: warnings.map(auditWarning), overReason: input.overReason } : {})
				}
			});
			return row.id;
		});
	} catch (e) {
		throw mapConstraintError(e, EXPENSE_CONSTRAINTS);
	}
}

function receiptColumns(r: StoredReceipt) {
	return { receipt_key: r.key, receipt_name: r.name, receipt_type: r.type, receipt_size: r.size, receipt_sha256: r.sha256 };
}

/**
 * Corrects an entry the only way an accountant may: a reversal entry of the opposite amount on the same line
 * and source, pointing to it (at most once: UNIQUE reverses_id). The original stays as it was.
 */
export async function reverseExpense(db: Executor, principal: Principal, eventId: number, expenseId: number, input: ReversalInput): Promise<number> {
	try {
		return await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
			const orig = await tx.selectFrom('expense').selectAll().where('id', '=', expenseId).where('event_id', '=', eventId).forUpdate().executeTakeFirst();
			if (!orig) throw notFound('Không tìm thấy chứng từ');
			if (orig.reverses_id != null) throw conflict('cannot_reverse_reversal', 'Đây là bút toán đảo: không đảo lại một bút toán đảo. Hãy ghi một chứng từ mới nếu cần.');
			const already = await tx.selectFrom('expense').select('id').where('reverses_id', '=', orig.id).executeTakeFirst();
			if (already) throw conflict('already_reversed', 'Chứng từ này đã được đảo bút toán');
			if (input.spentOn < orig.spent_on)
				throw new DomainError('invalid_input', 'Ngày bút toán đảo không được trước ngày của chứng từ gốc', { fields: { spentOn: 'Ngày không được trước chứng từ gốc' } });
			const row = await tx
				.insertInto('expense')
				.values({
					event_id: eventId,
					line_id: orig.line_id,
					funding_source_id: orig.funding_source_id,
					spent_on: input.spentOn,
					payee: orig.payee,
					voucher_no: input.voucherNo,
					description: `Đảo bút toán chứng từ số ${orig.voucher_no} ngày ${orig.spent_on.split('-').reverse().join('/')}: ${input.reason}`,
					amount: -orig.amount,
					reverses_id: orig.id,
					created_by: principal.user.id
				})
				.returning(['id', 'amount'])
				.executeTakeFirstOrThrow();
			// The pair must cancel exactly; anything else is a bug, and the transaction is rolled back.
			if (row.amount + orig.amount !== 0) throw new Error('Bút toán đảo không triệt tiêu chứng từ gốc');
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.expense.reversed',
				entityType: 'expense',
				entityId: orig.id,
				organisationId: event.organisation_id,
				eventId,
				data: { reversalId: row.id, amount: row.amount, voucherNo: input.voucherNo, spentOn: input.spentOn, reason: input.reason }
			});
			return row.id;
		});
	} catch (e) {
		throw mapConstraintError(e, EXPENSE_CONSTRAINTS);
	}
}

/** Attaches a receipt scan to an entry that has none (a receipt, once attached, is part of the record). */
export async function attachReceipt(db: Executor, principal: Principal, eventId: number, expenseId: number, receipt: StoredReceipt): Promise<void> {
	try {
		await inTransaction(db, async (tx) => {
			const { event } = await requireEventAccess(tx, principal, eventId, 'budget.edit');
			const e = await tx.selectFrom('expense').selectAll().where('id', '=', expenseId).where('event_id', '=', eventId).forUpdate().executeTakeFirst();
			if (!e) throw notFound('Không tìm thấy chứng từ');
			if (e.receipt_key) throw conflict('receipt_exists', 'Chứng từ đã có bản quét: không thay được. Hãy đảo bút toán rồi ghi lại nếu bản quét sai.');
			await registerStored(tx, receipt);
			await tx.updateTable('expense').set(receiptColumns(receipt)).where('id', '=', expenseId).execute();
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.expense.receipt_attached',
				entityType: 'expense',
				entityId: expenseId,
				organisationId: event.organisation_id,
				eventId,
				data: { name: receipt.name, sha256: receipt.sha256, size: receipt.size, type: receipt.type }
			});
		});
	} catch (e) {
		throw mapConstraintError(e, EXPENSE_CONSTRAINTS);
	}
}

/** The stored receipt of an entry, for download (budget.view). */
export async function receiptOf(db: Executor, principal: Principal, eventId: number, expenseId: number) {
	await requireEventAccess(db, principal, eventId, 'budget.view');
	const e = await db
		.selectFrom('expense')
		.select(['id', 'voucher_no', 'receipt_key', 'receipt_name', 'receipt_type', 'receipt_size', 'receipt_sha256'])
		.where('id', '=', expenseId)
		.where('event_id', '=', eventId)
		.executeTakeFirst();
	if (!e) throw notFound('Không tìm thấy chứng từ');
	if (!e.receipt_key || !e.receipt_type || !e.receipt_sha256) throw notFound('Chứng từ này chưa có bản quét');
	return { key: e.receipt_key, name: e.receipt_name ?? `chung-tu-${e.id}`, type: e.receipt_type, size: e.receipt_size ?? 0, sha256: e.receipt_sha256, voucherNo: e.voucher_no };
}
