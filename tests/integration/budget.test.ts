import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import type { Principal } from '../../src/lib/server/auth/access';
import { seedNorms, listNorms, createNorm, updateNorm } from '../../src/lib/server/budget/norms';
import {
	attachReceipt,
	createExpense,
	createLine,
	createSource,
	deleteLine,
	deleteSource,
	reverseExpense,
	updateLine,
	updateSource
} from '../../src/lib/server/budget/service';
import { getBudget } from '../../src/lib/server/budget/summary';
import type { ExpenseInput, LineInput, SourceInput } from '../../src/lib/server/budget/schema';
import type { StoredReceipt } from '../../src/lib/server/budget/receipts';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

const source = (over: Partial<SourceInput> = {}): SourceInput => ({
	name: 'Kinh phí Dự án 7 – Chương trình MTQG giảm nghèo bền vững',
	fundType: 'programme',
	decisionNo: '1234/QĐ-UBND',
	decisionDate: '2026-03-02',
	issuer: 'UBND tỉnh Khánh Hòa',
	amount: 100_000_000,
	notes: '',
	...over
});

const line = (fundingSourceId: number, over: Partial<LineInput> = {}): LineInput => ({
	fundingSourceId,
	category: 'hall',
	description: 'Thuê hội trường',
	unit: 'hội nghị',
	quantity: 100,
	unitPrice: 10_000_000,
	normId: null,
	notes: '',
	derivedFrom: null,
	derivedParams: {},
	overReason: null,
	...over
});

const expense = (lineId: number, over: Partial<ExpenseInput> = {}): ExpenseInput => ({
	lineId,
	fundingSourceId: null,
	spentOn: '2026-12-18',
	payee: 'Trung tâm Hội nghị tỉnh',
	voucherNo: 'PC-001',
	description: 'Thanh toán thuê hội trường',
	amount: 9_500_000,
	overReason: null,
	...over
});

async function world() {
	const w = await newEventWorld(d.db, { startsAt: new Date('2026-12-18T00:30:00Z'), endsAt: new Date('2026-12-18T04:30:00Z') });
	const finance = await newMember(d.db, w.org.id, 'finance');
	return { ...w, finance };
}

async function auditOf(eventId: number, action: string) {
	return d.db.selectFrom('audit_log').selectAll().where('event_id', '=', eventId).where('action', '=', action).orderBy('id').execute();
}

describe('budget: sources, lines, totals', () => {
	it('computes allocated / estimated / spent / remaining per source on known data', async () => {
		const { eventId, finance } = await world();
		const a = await createSource(d.db, finance, eventId, source());
		const b = await createSource(d.db, finance, eventId, source({ name: 'Quỹ thi đua, khen thưởng tỉnh', fundType: 'emulation_fund', amount: 50_000_000 }));
		const l1 = await createLine(d.db, finance, eventId, line(a));
		const l2 = await createLine(d.db, finance, eventId, line(a, { category: 'printing', description: 'In tài liệu', unit: 'bộ', quantity: 15_000, unitPrice: 45_500 }));
		const l3 = await createLine(d.db, finance, eventId, line(b, { category: 'prizes', description: 'Tiền thưởng', quantity: 100, unitPrice: 32_000_000 }));
		await createExpense(d.db, finance, eventId, expense(l1));
		await createExpense(d.db, finance, eventId, expense(l2, { voucherNo: 'PC-002', payee: 'Công ty In', amount: 6_800_000 }));
		await createExpense(d.db, finance, eventId, expense(l3, { voucherNo: 'PC-003', payee: 'Các tập thể, cá nhân', amount: 32_000_000 }));
		const s = await getBudget(d.db, finance, eventId);
		const [sa, sb] = s.sources;
		expect(sa).toMatchObject({ allocated: 100_000_000, estimated: 10_000_000 + 6_825_000, spent: 9_500_000 + 6_800_000, remaining: 100_000_000 - 16_300_000 });
		expect(sb).toMatchObject({ allocated: 50_000_000, estimated: 32_000_000, spent: 32_000_000, remaining: 18_000_000 });
		expect(s.totals).toEqual({ allocated: 150_000_000, estimated: 48_825_000, spent: 48_300_000, remaining: 101_700_000, unplanned: 101_175_000 });
		expect(s.lines.map((l) => [l.code, l.amount, l.spent, l.variance])).toEqual([
			['I.1', 10_000_000, 9_500_000, 500_000],
			['I.2', 6_825_000, 6_800_000, 25_000],
			['II.1', 32_000_000, 32_000_000, 0]
		]);
		expect(s.categories.map((c) => [c.category, c.estimate, c.actual])).toEqual([
			['hall', 10_000_000, 9_500_000],
			['printing', 6_825_000, 6_800_000],
			['prizes', 32_000_000, 32_000_000]
		]);
		expect((await auditOf(eventId, 'budget.expense.created')).length).toBe(3);
	});

	it('rounds fractional quantities half up to the whole đồng, and the database checks it', async () => {
		const { eventId, finance } = await world();
		const a = await createSource(d.db, finance, eventId, source());
		const id = await createLine(d.db, finance, eventId, line(a, { category: 'other', quantity: 250, unitPrice: 33_333 })); // 2,5 × 33.333 = 83.332,5
		const row = await d.db.selectFrom('budget_line').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.quantity).toBe('2.50');
		expect(row.amount).toBe(83_333);
		await expect(d.db.updateTable('budget_line').set({ amount: 83_332 }).where('id', '=', id).execute()).rejects.toThrow(/budget_line_amount_rounding/);
	});

	it('one source per line: the schema refuses a line without source and an expense from another source', async () => {
		const { eventId, finance } = await world();
		const a = await createSource(d.db, finance, eventId, source());
		const b = await createSource(d.db, finance, eventId, source({ name: 'Nguồn B', amount: 10_000_000 }));
		const l = await createLine(d.db, finance, eventId, line(a));
		await expect(createExpense(d.db, finance, eventId, expense(l, { fundingSourceId: b }))).rejects.toMatchObject({ code: 'source_mismatch' });
		// Straight SQL cannot do it either: the composite foreign key (line_id, funding_source_id).
		await expect(
			d.db
				.insertInto('expense')
				.values({ event_id: eventId, line_id: l, funding_source_id: b, spent_on: '2026-12-18', payee: 'X', voucher_no: 'X1', description: 'X', amount: 1 })
				.execute()
		).rejects.toThrow(/expense_line_source_fk/);
		await expect(
			d.db.insertInto('budget_line').values({ event_id: eventId, funding_source_id: null as never, category: 'hall', description: 'x', quantity: '1.00', unit_price: 1, amount: 1 }).execute()
		).rejects.toThrow();
		// Once money was spent on a line, it cannot move to another source.
		await createExpense(d.db, finance, eventId, expense(l));
		await expect(updateLine(d.db, finance, eventId, l, { fundingSourceId: b })).rejects.toMatchObject({ code: 'line_has_expenses' });
		await expect(d.db.updateTable('budget_line').set({ funding_source_id: b }).where('id', '=', l).execute()).rejects.toThrow(/expense_line_source_fk/);
		await expect(deleteLine(d.db, finance, eventId, l)).rejects.toMatchObject({ code: 'line_has_expenses' });
		await expect(deleteSource(d.db, finance, eventId, a)).rejects.toMatchObject({ code: 'source_in_use' });
		await deleteSource(d.db, finance, eventId, b);
	});

	it('refuses a line from another event’s source', async () => {
		const one = await world();
		const two = await world();
		const a = await createSource(d.db, one.finance, one.eventId, source());
		await expect(createLine(d.db, two.finance, two.eventId, line(a))).rejects.toMatchObject({ code: 'source_not_found' });
		// Another organisation's finance officer does not even see the event.
		await expect(createLine(d.db, two.finance, one.eventId, line(a))).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('budget: norm and allocation checks', () => {
	it('flags a line over its norm before saving; saving with a reason keeps it in the row and the audit log', async () => {
		const { eventId, finance, org } = await world();
		await seedNorms(d.db, finance, org.id);
		const norms = await listNorms(d.db, finance, org.id);
		const meal = norms.find((n) => n.code === 'tt40.meal.province')!;
		expect(meal).toMatchObject({ maxAmount: 150_000, verified: true });
		expect(norms.find((n) => n.code === 'tt40.refreshments')).toMatchObject({ maxAmount: 40_000, verified: false });
		expect(norms.find((n) => n.code === 'hdnd.meal')).toMatchObject({ maxAmount: null });
		const a = await createSource(d.db, finance, eventId, source());
		const input = line(a, { category: 'meals', description: 'Hỗ trợ tiền ăn đại biểu không hưởng lương', unit: 'người', quantity: 4000, unitPrice: 180_000, normId: meal.id });
		const err = await createLine(d.db, finance, eventId, input).catch((e) => e);
		expect(err).toMatchObject({ code: 'budget_over_limit', status: 409 });
		expect(err.details.warnings.map((w: { code: string }) => w.code)).toEqual(['over_norm']);
		expect(err.details.warnings[0].excess).toBe(30_000);
		expect(await d.db.selectFrom('budget_line').select('id').where('event_id', '=', eventId).execute()).toHaveLength(0);
		const id = await createLine(d.db, finance, eventId, { ...input, overReason: 'Theo Nghị quyết HĐND tỉnh, mức 180.000 đ' });
		const row = await d.db.selectFrom('budget_line').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.over_reason).toBe('Theo Nghị quyết HĐND tỉnh, mức 180.000 đ');
		const [audit] = await auditOf(eventId, 'budget.line.created');
		expect(audit.data).toMatchObject({ overReason: 'Theo Nghị quyết HĐND tỉnh, mức 180.000 đ', warnings: [{ code: 'over_norm', excess: 30_000 }] });
		// Back under the norm: the reason is no longer needed and is cleared.
		await updateLine(d.db, finance, eventId, id, { unitPrice: 150_000 });
		expect((await d.db.selectFrom('budget_line').select('over_reason').where('id', '=', id).executeTakeFirstOrThrow()).over_reason).toBeNull();
		// An unset norm rate (HĐND placeholder) does not block.
		const hdnd = norms.find((n) => n.code === 'hdnd.meal')!;
		await updateLine(d.db, finance, eventId, id, { normId: hdnd.id, unitPrice: 500_000 });
		const s = await getBudget(d.db, finance, eventId);
		expect(s.lines[0].norm).toMatchObject({ maxAmount: null, verified: false });
	});

	it('flags a total over the source allocation, and spending over the estimate or the allocation', async () => {
		const { eventId, finance } = await world();
		const a = await createSource(d.db, finance, eventId, source({ amount: 20_000_000 }));
		const l1 = await createLine(d.db, finance, eventId, line(a, { unitPrice: 15_000_000 }));
		const over = await createLine(d.db, finance, eventId, line(a, { category: 'decoration', description: 'Trang trí', unitPrice: 6_000_000 })).catch((e) => e);
		expect(over).toMatchObject({ code: 'budget_over_limit' });
		expect(over.details.warnings).toEqual([expect.objectContaining({ code: 'over_allocation', excess: 1_000_000 })]);
		await createLine(d.db, finance, eventId, line(a, { category: 'decoration', description: 'Trang trí', unitPrice: 6_000_000, overReason: 'Bổ sung kinh phí đang trình' }));
		// Spending over the line's estimate needs a reason too.
		const e = await createExpense(d.db, finance, eventId, expense(l1, { amount: 15_500_000 })).catch((x) => x);
		expect(e).toMatchObject({ code: 'budget_over_limit' });
		expect(e.details.warnings.map((w: { code: string }) => w.code)).toEqual(['over_line_estimate']);
		await createExpense(d.db, finance, eventId, expense(l1, { amount: 15_500_000, overReason: 'Phát sinh thêm giờ thuê' }));
		const s = await getBudget(d.db, finance, eventId);
		expect(s.notices.map((n) => n.code)).toEqual(expect.arrayContaining(['over_allocation', 'over_line_estimate']));
		// Lowering the allocation below the estimate needs a reason.
		await expect(updateSource(d.db, finance, eventId, a, { amount: 10_000_000 })).rejects.toMatchObject({ code: 'budget_over_limit' });
		await updateSource(d.db, finance, eventId, a, { amount: 10_000_000 }, 'Quyết định điều chỉnh giảm');
		const [audit] = await auditOf(eventId, 'budget.source.updated');
		expect(audit.data).toMatchObject({ amount: { from: 20_000_000, to: 10_000_000 }, overReason: 'Quyết định điều chỉnh giảm' });
	});

	it('organisation norms are edited by finance only and unknown norms are refused', async () => {
		const { eventId, finance, org, admin } = await world();
		const organiser = await newMember(d.db, org.id, 'organiser');
		const id = await createNorm(d.db, finance, org.id, {
			category: 'refreshments',
			name: 'Giải khát theo NQ 12/2025/NQ-HĐND',
			unit: 'đồng/buổi/đại biểu',
			maxAmount: 30_000,
			legalBasis: 'NQ 12/2025/NQ-HĐND',
			verified: true,
			effectiveFrom: '2026-01-01',
			effectiveTo: null,
			notes: ''
		});
		await expect(updateNorm(d.db, organiser, org.id, id, { maxAmount: 50_000 })).rejects.toMatchObject({ code: 'forbidden' });
		await updateNorm(d.db, admin, org.id, id, { maxAmount: 35_000 });
		expect((await listNorms(d.db, organiser, org.id)).find((n) => n.id === id)?.maxAmount).toBe(35_000);
		const a = await createSource(d.db, finance, eventId, source());
		const other = await world();
		const foreign = await createNorm(d.db, other.finance, other.org.id, { category: 'hall', name: 'X', unit: '', maxAmount: 1, legalBasis: '', verified: false, effectiveFrom: null, effectiveTo: null, notes: '' });
		await expect(createLine(d.db, finance, eventId, line(a, { normId: foreign }))).rejects.toMatchObject({ code: 'norm_not_found' });
		await updateNorm(d.db, finance, org.id, id, { archived: true });
		await expect(createLine(d.db, finance, eventId, line(a, { category: 'refreshments', normId: id }))).rejects.toMatchObject({ code: 'norm_not_found' });
	});
});

describe('budget: thực chi entries', () => {
	it('corrects by a reversal entry, at most once, never by editing', async () => {
		const { eventId, finance } = await world();
		const a = await createSource(d.db, finance, eventId, source());
		const l = await createLine(d.db, finance, eventId, line(a));
		const e1 = await createExpense(d.db, finance, eventId, expense(l, { amount: 9_000_000 }));
		const r1 = await reverseExpense(d.db, finance, eventId, e1, { spentOn: '2026-12-19', voucherNo: 'PC-001Đ', reason: 'Nhập sai số tiền' });
		const e2 = await createExpense(d.db, finance, eventId, expense(l, { voucherNo: 'PC-001', amount: 9_500_000 }));
		const rows = await d.db.selectFrom('expense').selectAll().where('event_id', '=', eventId).orderBy('id').execute();
		expect(rows.map((r) => [r.id, r.amount, r.reverses_id])).toEqual([
			[e1, 9_000_000, null],
			[r1, -9_000_000, e1],
			[e2, 9_500_000, null]
		]);
		expect(rows[1].description).toContain('Nhập sai số tiền');
		const s = await getBudget(d.db, finance, eventId);
		expect(s.sources[0].spent).toBe(9_500_000);
		expect(s.lines[0].spent).toBe(9_500_000);
		expect(s.expenses.find((x) => x.id === e1)?.reversedById).toBe(r1);
		await expect(reverseExpense(d.db, finance, eventId, e1, { spentOn: '2026-12-19', voucherNo: 'X', reason: 'lần hai' })).rejects.toMatchObject({ code: 'already_reversed' });
		await expect(reverseExpense(d.db, finance, eventId, r1, { spentOn: '2026-12-19', voucherNo: 'X', reason: 'đảo của đảo' })).rejects.toMatchObject({ code: 'cannot_reverse_reversal' });
		// The database refuses a second reversal, an edit of money, and a positive "reversal".
		await expect(
			d.db.insertInto('expense').values({ event_id: eventId, line_id: l, funding_source_id: a, spent_on: '2026-12-19', payee: 'X', voucher_no: 'X', description: 'X', amount: -9_000_000, reverses_id: e1 }).execute()
		).rejects.toThrow(/expense_reverses_key/);
		await expect(d.db.updateTable('expense').set({ amount: 1 }).where('id', '=', e2).execute()).rejects.toThrow(/never edited/);
		await expect(d.db.updateTable('expense').set({ description: 'sửa lặng lẽ' }).where('id', '=', e2).execute()).rejects.toThrow(/never edited/);
		await expect(
			d.db.insertInto('expense').values({ event_id: eventId, line_id: l, funding_source_id: a, spent_on: '2026-12-19', payee: 'X', voucher_no: 'X', description: 'X', amount: 5, reverses_id: e2 }).execute()
		).rejects.toThrow(/expense_amount_sign_check/);
		const audit = await auditOf(eventId, 'budget.expense.reversed');
		expect(audit[0].data).toMatchObject({ reversalId: r1, amount: -9_000_000, reason: 'Nhập sai số tiền' });
	});

	it('attaches a receipt once', async () => {
		const { eventId, finance } = await world();
		const a = await createSource(d.db, finance, eventId, source());
		const l = await createLine(d.db, finance, eventId, line(a));
		const e = await createExpense(d.db, finance, eventId, expense(l));
		const receipt: StoredReceipt = { key: 'a'.repeat(64), sha256: 'a'.repeat(64), name: 'hoa-don.pdf', type: 'application/pdf', size: 1234 };
		await attachReceipt(d.db, finance, eventId, e, receipt);
		await expect(attachReceipt(d.db, finance, eventId, e, { ...receipt, key: 'b'.repeat(64), sha256: 'b'.repeat(64) })).rejects.toMatchObject({ code: 'receipt_exists' });
		await expect(d.db.updateTable('expense').set({ receipt_name: 'khac.pdf' }).where('id', '=', e).execute()).rejects.toThrow(/never edited/);
	});

	it('organisers read the budget; reception and viewers see nothing; organisers cannot write', async () => {
		const { eventId, finance, org } = await world();
		const a = await createSource(d.db, finance, eventId, source());
		const organiser = await newMember(d.db, org.id, 'organiser');
		const s = await getBudget(d.db, organiser, eventId);
		expect(s.canEdit).toBe(false);
		await expect(createLine(d.db, organiser, eventId, line(a))).rejects.toMatchObject({ code: 'forbidden' });
		for (const role of ['reception', 'viewer'] as const) {
			const p: Principal = await newMember(d.db, org.id, role);
			await expect(getBudget(d.db, p, eventId)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
			await expect(createSource(d.db, p, eventId, source({ name: role }))).rejects.toMatchObject({ code: 'forbidden' });
		}
	});
});
