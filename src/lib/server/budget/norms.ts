/**
 * Spending norms (định mức chi) an organisation maintains, each with its legal basis and whether that basis
 * was verified. Lines point to a norm; the norm's ceiling is checked before a line is saved.
 * The seed is REFERENCE.md §5: TT 40/2017/TT-BTC as amended by TT 12/2025/TT-BTC, and empty placeholders for
 * the provincial council's resolution (HĐND tỉnh sets the concrete rates, TT 40/2017 Điều 14).
 */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { changedFields, writeAudit } from '$lib/server/audit';
import { actorOf, requireOrgPermission, type Principal } from '$lib/server/auth/access';
import { DomainError, notFound, mapConstraintError } from '$lib/server/errors';
import type { BudgetCategory } from './tables';
import type { NormInput } from './schema';

export interface NormSeed {
	code: string;
	category: BudgetCategory;
	name: string;
	unit: string;
	maxAmount: number | null;
	legalBasis: string;
	verified: boolean;
	effectiveFrom: string | null;
	notes: string;
}

const TT40 = 'TT 40/2017/TT-BTC (sửa đổi bởi TT 12/2025/TT-BTC)';

export const NORM_SEED: NormSeed[] = [
	{
		code: 'tt40.meal.central_city',
		category: 'meals',
		name: 'Hỗ trợ tiền ăn đại biểu không hưởng lương – họp tại nội thành thành phố trực thuộc Trung ương',
		unit: 'đồng/người/ngày',
		maxAmount: 200_000,
		legalBasis: `${TT40}, Điều 12 khoản 4 điểm a`,
		verified: true,
		effectiveFrom: null,
		notes: 'Mức tối đa; HĐND tỉnh quy định mức cụ thể.'
	},
	{
		code: 'tt40.meal.province',
		category: 'meals',
		name: 'Hỗ trợ tiền ăn đại biểu không hưởng lương – họp tại thành phố thuộc tỉnh, huyện, thị xã',
		unit: 'đồng/người/ngày',
		maxAmount: 150_000,
		legalBasis: `${TT40}, Điều 12 khoản 4 điểm b`,
		verified: true,
		effectiveFrom: null,
		notes: 'Mức tối đa; HĐND tỉnh quy định mức cụ thể.'
	},
	{
		code: 'tt40.meal.commune',
		category: 'meals',
		name: 'Hỗ trợ tiền ăn đại biểu không hưởng lương – cuộc họp do xã, phường tổ chức',
		unit: 'đồng/người/ngày',
		maxAmount: 100_000,
		legalBasis: `${TT40}, Điều 12 khoản 4 điểm c`,
		verified: true,
		effectiveFrom: null,
		notes: 'Mức tối đa; HĐND tỉnh quy định mức cụ thể.'
	},
	{
		code: 'tt40.refreshments',
		category: 'refreshments',
		name: 'Nước uống, giải khát giữa giờ',
		unit: 'đồng/buổi/đại biểu',
		maxAmount: 40_000,
		legalBasis: `${TT40}, Điều 12`,
		verified: false,
		effectiveFrom: null,
		notes: 'Mức thường được trích dẫn, chưa đối chiếu được nguyên văn; kiểm tra với Nghị quyết HĐND tỉnh trước khi dùng.'
	},
	{
		code: 'tt12.per_diem',
		category: 'travel',
		name: 'Phụ cấp lưu trú',
		unit: 'đồng/người/ngày',
		maxAmount: 300_000,
		legalBasis: 'TT 12/2025/TT-BTC ngày 19/3/2025 sửa đổi TT 40/2017/TT-BTC (hiệu lực từ 04/5/2025)',
		verified: true,
		effectiveFrom: '2025-05-04',
		notes: '400.000 đồng/ngày khi công tác trên biển, đảo.'
	},
	{
		code: 'hdnd.refreshments',
		category: 'refreshments',
		name: 'Giải khát giữa giờ – mức của Nghị quyết HĐND tỉnh',
		unit: 'đồng/buổi/đại biểu',
		maxAmount: null,
		legalBasis: 'Nghị quyết HĐND tỉnh về chế độ chi hội nghị (ghi số, ngày)',
		verified: false,
		effectiveFrom: null,
		notes: 'Nhập mức và số Nghị quyết của tỉnh.'
	},
	{
		code: 'hdnd.meal',
		category: 'meals',
		name: 'Hỗ trợ tiền ăn đại biểu không hưởng lương – mức của Nghị quyết HĐND tỉnh',
		unit: 'đồng/người/ngày',
		maxAmount: null,
		legalBasis: 'Nghị quyết HĐND tỉnh về chế độ chi hội nghị (ghi số, ngày)',
		verified: false,
		effectiveFrom: null,
		notes: 'Nhập mức và số Nghị quyết của tỉnh.'
	},
	{
		code: 'hdnd.documents',
		category: 'printing',
		name: 'Văn phòng phẩm, tài liệu cho đại biểu – mức của Nghị quyết HĐND tỉnh',
		unit: 'đồng/người',
		maxAmount: null,
		legalBasis: 'Nghị quyết HĐND tỉnh về chế độ chi hội nghị (ghi số, ngày)',
		verified: false,
		effectiveFrom: null,
		notes: 'Nhập mức và số Nghị quyết của tỉnh.'
	}
];

export interface NormView {
	id: number;
	code: string | null;
	category: BudgetCategory;
	name: string;
	unit: string;
	maxAmount: number | null;
	legalBasis: string;
	verified: boolean;
	effectiveFrom: string | null;
	effectiveTo: string | null;
	notes: string;
	archived: boolean;
}

export async function listNormRows(db: Executor, organisationId: number, opts: { includeArchived?: boolean } = {}): Promise<NormView[]> {
	let q = db.selectFrom('budget_norm').selectAll().where('organisation_id', '=', organisationId);
	if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
	const rows = await q.orderBy('category').orderBy('id').execute();
	return rows.map((r) => ({
		id: r.id,
		code: r.code,
		category: r.category,
		name: r.name,
		unit: r.unit,
		maxAmount: r.max_amount,
		legalBasis: r.legal_basis,
		verified: r.verified,
		effectiveFrom: r.effective_from,
		effectiveTo: r.effective_to,
		notes: r.notes,
		archived: !!r.archived_at
	}));
}

/** Norms of an organisation, for anyone who may see budgets there. */
export async function listNorms(db: Executor, principal: Principal, organisationId: number, opts: { includeArchived?: boolean } = {}) {
	await requireOrgPermission(db, principal, organisationId, 'budget.view');
	return listNormRows(db, organisationId, opts);
}

/** Inserts the seed norms the organisation does not have yet (by code); returns how many were added. */
export async function seedNormRows(db: Executor, organisationId: number): Promise<number> {
	let added = 0;
	for (const s of NORM_SEED) {
		const r = await db
			.insertInto('budget_norm')
			.values({
				organisation_id: organisationId,
				code: s.code,
				category: s.category,
				name: s.name,
				unit: s.unit,
				max_amount: s.maxAmount,
				legal_basis: s.legalBasis,
				verified: s.verified,
				effective_from: s.effectiveFrom,
				notes: s.notes
			})
			.onConflict((oc) => oc.columns(['organisation_id', 'code']).where('code', 'is not', null).doNothing())
			.returning('id')
			.executeTakeFirst();
		if (r) added++;
	}
	return added;
}

export async function seedNorms(db: Executor, principal: Principal, organisationId: number): Promise<number> {
	return inTransaction(db, async (tx) => {
		await requireOrgPermission(tx, principal, organisationId, 'budget.edit');
		const added = await seedNormRows(tx, organisationId);
		if (added)
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.norm.seeded',
				entityType: 'organisation',
				entityId: organisationId,
				organisationId,
				data: { added, codes: NORM_SEED.map((s) => s.code) }
			});
		return added;
	});
}

function columns(input: Partial<NormInput>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (input.category !== undefined) out.category = input.category;
	if (input.name !== undefined) out.name = input.name;
	if (input.unit !== undefined) out.unit = input.unit;
	if (input.maxAmount !== undefined) out.max_amount = input.maxAmount;
	if (input.legalBasis !== undefined) out.legal_basis = input.legalBasis;
	if (input.verified !== undefined) out.verified = input.verified;
	if (input.effectiveFrom !== undefined) out.effective_from = input.effectiveFrom;
	if (input.effectiveTo !== undefined) out.effective_to = input.effectiveTo;
	if (input.notes !== undefined) out.notes = input.notes;
	return out;
}

const NORM_CONSTRAINTS = {
	budget_norm_dates_check: { code: 'invalid_input', message: 'Ngày hết hiệu lực phải sau ngày có hiệu lực', field: 'effectiveTo' }
};

export async function createNorm(db: Executor, principal: Principal, organisationId: number, input: NormInput): Promise<number> {
	try {
		return await inTransaction(db, async (tx) => {
			await requireOrgPermission(tx, principal, organisationId, 'budget.edit');
			const row = await tx
				.insertInto('budget_norm')
				.values({ ...columns(input), organisation_id: organisationId } as never)
				.returning('id')
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.norm.created',
				entityType: 'budget_norm',
				entityId: row.id,
				organisationId,
				data: { ...input }
			});
			return row.id;
		});
	} catch (e) {
		throw mapConstraintError(e, NORM_CONSTRAINTS);
	}
}

/** Edits a norm; `archived` hides it from new lines (lines that use it keep it). */
export async function updateNorm(
	db: Executor,
	principal: Principal,
	organisationId: number,
	normId: number,
	input: Partial<NormInput> & { archived?: boolean }
): Promise<void> {
	try {
		await inTransaction(db, async (tx) => {
			await requireOrgPermission(tx, principal, organisationId, 'budget.edit');
			const before = await tx
				.selectFrom('budget_norm')
				.selectAll()
				.where('id', '=', normId)
				.where('organisation_id', '=', organisationId)
				.forUpdate()
				.executeTakeFirst();
			if (!before) throw notFound('Không tìm thấy định mức');
			const cols = columns(input);
			if (input.archived !== undefined) cols.archived_at = input.archived ? (before.archived_at ?? new Date()) : null;
			const changes = changedFields(before as unknown as Record<string, unknown>, cols);
			if (!Object.keys(changes).length) return;
			await tx
				.updateTable('budget_norm')
				.set({ ...cols, updated_at: sql`now()` } as never)
				.where('id', '=', normId)
				.execute();
			await writeAudit(tx, actorOf(principal), {
				action: 'budget.norm.updated',
				entityType: 'budget_norm',
				entityId: normId,
				organisationId,
				data: changes
			});
		});
	} catch (e) {
		throw mapConstraintError(e, NORM_CONSTRAINTS);
	}
}

export function normNotUsable(): DomainError {
	return new DomainError('norm_not_found', 'Định mức không thuộc đơn vị tổ chức hội nghị này hoặc đã ngừng dùng', {
		status: 400,
		fields: { normId: 'Chọn định mức của đơn vị' }
	});
}
