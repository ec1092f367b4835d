import { describe, expect, it } from 'vitest';
import { formatQuantity, lineAmount, parseQuantity, quantityFromDb, quantityToDb, sumMoney } from '../../../src/lib/server/budget/money';
import { derive, readParams, scheduleOf, type DeriveFacts } from '../../../src/lib/server/budget/derive';
import { expenseWarnings, lineWarnings } from '../../../src/lib/server/budget/checks';
import { cleanFileName, sniffReceipt, attachmentDisposition } from '../../../src/lib/server/budget/receipts';
import { parseExpenseInput, parseLineInput, parseSourceInput } from '../../../src/lib/server/budget/schema';
import { parseReportName } from '../../../src/lib/server/budget/exports';
import { roman } from '../../../src/lib/server/budget/summary';

describe('money and quantities', () => {
	it('rounds quantity × price half up to the whole đồng, in exact integer arithmetic', () => {
		expect(lineAmount(250, 33_333)).toBe(83_333); // 83 332,5 → 83 333
		expect(lineAmount(150, 1)).toBe(2); // 1,5 → 2
		expect(lineAmount(149, 1)).toBe(1);
		expect(lineAmount(100, 0)).toBe(0);
		// 99 999 999,99 × 90 000 000 đ is past 2^53 before the division; BigInt keeps it exact.
		expect(lineAmount(9_999_999_999, 900_000)).toBe(89_999_999_991_000);
		expect(() => lineAmount(-1, 1)).toThrow(RangeError);
		expect(() => lineAmount(1, 0.5)).toThrow(RangeError);
	});
	it('sums integers and refuses fractions or totals past 2^53', () => {
		expect(sumMoney([1, 2, -3, 4_000_000_000])).toBe(4_000_000_000);
		expect(() => sumMoney([0.1, 0.2])).toThrow(RangeError);
		expect(() => sumMoney([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
	});
	it('reads quantities the Vietnamese way and from the database', () => {
		expect(parseQuantity('12')).toBe(1200);
		expect(parseQuantity('12,5')).toBe(1250);
		expect(parseQuantity('1.500')).toBe(150_000);
		expect(parseQuantity('1.500,25')).toBe(150_025);
		expect(parseQuantity('12.5')).toBe(1250);
		expect(parseQuantity('0,05')).toBe(5);
		for (const bad of ['', '1,234', '-1', 'abc', '1.2.3', '12,']) expect(parseQuantity(bad), bad).toBeNull();
		expect(quantityFromDb('148.00')).toBe(14_800);
		expect(quantityFromDb(12.5)).toBe(1250);
		expect(() => quantityFromDb(0.125)).toThrow();
		expect(quantityToDb(1250)).toBe('12.50');
		expect(formatQuantity(1250)).toBe('12,5');
		expect(formatQuantity(123_400)).toBe('1.234');
		expect(formatQuantity(5)).toBe('0,05');
	});
	it('numbers sources I, II, III…', () => {
		expect([1, 2, 3, 4, 9, 12].map(roman)).toEqual(['I', 'II', 'III', 'IV', 'IX', 'XII']);
	});
});

const facts = (over: Partial<DeriveFacts> = {}): DeriveFacts => ({
	attendance: { expected: 148, present: null, source: 'delegates' },
	expectedByTier: { 1: 20, 2: 100, 3: 28 },
	schedule: { sessions: 1, days: 1 },
	letters: { total: 130, emailed: 90, toPrint: 40, source: 'delegates' },
	bookletPages: 36,
	certificates: 52,
	awards: [{ fund: 'province_fund', fundLabel: 'Quỹ TĐKT tỉnh', count: 40, amount: 46_800_000, paidFromProvincialAllocation: true }],
	...over
});

describe('derived quantities', () => {
	it('counts sessions and days in Vietnam time', () => {
		const at = (s: string) => new Date(s);
		expect(scheduleOf(at('2026-12-18T00:30:00Z'), at('2026-12-18T04:30:00Z'))).toEqual({ sessions: 1, days: 1 }); // 07:30–11:30
		expect(scheduleOf(at('2026-12-18T00:30:00Z'), at('2026-12-18T09:30:00Z'))).toEqual({ sessions: 2, days: 1 }); // 07:30–16:30
		expect(scheduleOf(at('2026-12-18T00:30:00Z'), at('2026-12-18T05:20:00Z'))).toEqual({ sessions: 1, days: 1 }); // ends 12:20
		expect(scheduleOf(at('2026-12-18T00:30:00Z'), at('2026-12-19T09:30:00Z'))).toEqual({ sessions: 4, days: 2 });
		expect(scheduleOf(at('2026-12-18T00:30:00Z'), null)).toEqual({ sessions: 1, days: 1 });
	});
	it('derives refreshments, meals by tier, letters, booklet, certificates and prize money', () => {
		const f = facts({ schedule: { sessions: 2, days: 1 } });
		expect(derive('attendance', 'refreshments', {}, f)).toMatchObject({ ok: true, quantityHundredths: 29_600, unitPrice: null });
		expect(derive('attendance', 'refreshments', { sessions: 3 }, f)).toMatchObject({ quantityHundredths: 44_400 });
		expect(derive('attendance', 'meals', { tierIds: [3] }, f)).toMatchObject({ quantityHundredths: 2_800, explanation: '28 người (các cấp đã chọn) × 1 ngày' });
		expect(derive('letters', 'printing', {}, f)).toMatchObject({ quantityHundredths: 13_000 });
		expect(derive('letters', 'printing', { letters: 'post' }, f)).toMatchObject({ quantityHundredths: 4_000 });
		expect(derive('booklet', 'printing', { copies: 160 }, f)).toMatchObject({ quantityHundredths: 160 * 36 * 100 });
		expect(derive('certificates', 'certificates', {}, f)).toMatchObject({ quantityHundredths: 5_200 });
		expect(derive('awards:province_fund', 'prizes', {}, f)).toMatchObject({ quantityHundredths: 100, unitPrice: 46_800_000 });
		expect(derive('awards:central', 'prizes', {}, f)).toMatchObject({ quantityHundredths: 100, unitPrice: 0 });
		expect(derive('booklet', 'printing', {}, facts({ bookletPages: null }))).toMatchObject({ ok: false });
		expect(derive('awards:province_fund', 'prizes', {}, facts({ awards: null }))).toMatchObject({ ok: false });
	});
	it('reads stored params defensively', () => {
		expect(readParams({ tierIds: [1, 'x', -2, 3], sessions: 2, days: -1, letters: 'fax', copies: 1.5 })).toEqual({ tierIds: [1, 3], sessions: 2 });
		expect(readParams(null)).toEqual({});
	});
});

describe('checks', () => {
	const norm = { name: 'Giải khát', maxAmount: 40_000, verified: false, effectiveFrom: '2025-05-04', effectiveTo: null, legalBasis: 'TT 40/2017' };
	it('flags a unit price over the norm and a total over the allocation, with the excess', () => {
		const w = lineWarnings({ unitPrice: 45_000, amount: 6_750_000, norm, eventDate: '2024-04-05', source: { name: 'D7', allocated: 10_000_000, otherLinesTotal: 5_000_000 } });
		expect(w.map((x) => [x.code, x.needsReason, x.excess])).toEqual([
			['over_norm', true, 5_000],
			['norm_unverified', false, undefined],
			['norm_not_in_force', false, undefined],
			['over_allocation', true, 1_750_000]
		]);
		expect(lineWarnings({ unitPrice: 40_000, amount: 100, norm: { ...norm, verified: true, effectiveFrom: null }, eventDate: '2026-12-18', source: { name: 'D7', allocated: 100, otherLinesTotal: 0 } })).toEqual([]);
		expect(lineWarnings({ unitPrice: 1, amount: 1, norm: { ...norm, maxAmount: null, verified: true, effectiveFrom: null }, eventDate: '2026-12-18', source: { name: 'D7', allocated: 1, otherLinesTotal: 0 } }).map((x) => x.code)).toEqual(['norm_rate_missing']);
	});
	it('flags spending over the line estimate and over the allocation', () => {
		const w = expenseWarnings({ amount: 600, line: { description: 'x', estimate: 1000, spent: 500 }, source: { name: 'D7', allocated: 1000, spent: 900 } });
		expect(w.map((x) => [x.code, x.excess])).toEqual([
			['over_line_estimate', 100],
			['over_source_spent', 500]
		]);
		expect(expenseWarnings({ amount: 100, line: { description: 'x', estimate: 1000, spent: 0 }, source: { name: 'D7', allocated: 1000, spent: 0 } })).toEqual([]);
	});
});

describe('receipts', () => {
	const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
	it('decides the type by content, not by name', () => {
		expect(sniffReceipt(png)).toBe('image/png');
		expect(sniffReceipt(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100), Buffer.from([0xff, 0xd9])]))).toBe('image/jpeg');
		expect(sniffReceipt(Buffer.from('%PDF-1.7\n...\n%%EOF\n'))).toBe('application/pdf');
		expect(() => sniffReceipt(Buffer.from('<html><body>hoá đơn</body></html>'))).toThrow(expect.objectContaining({ code: 'receipt_type' }));
		expect(() => sniffReceipt(Buffer.from('%PDF-1.7\ncut here'))).toThrow(expect.objectContaining({ code: 'receipt_type' }));
		expect(() => sniffReceipt(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toThrow(expect.objectContaining({ code: 'receipt_type' }));
		expect(() => sniffReceipt(Buffer.alloc(0))).toThrow(expect.objectContaining({ code: 'receipt_empty' }));
		expect(() => sniffReceipt(Buffer.alloc(10 * 1024 * 1024 + 1))).toThrow(expect.objectContaining({ code: 'receipt_too_large', status: 413 }));
	});
	it('keeps a safe name with the extension of the real type', () => {
		expect(cleanFileName('C:\\scan\\Hóa đơn 12.exe', 'application/pdf')).toBe('Hóa đơn 12.pdf');
		expect(cleanFileName('../../<script>.png', 'image/png')).toBe('script.png');
		expect(cleanFileName('', 'image/jpeg')).toBe('chung-tu.jpg');
		expect(attachmentDisposition('Hóa đơn.pdf')).toBe(`attachment; filename="Hoa don.pdf"; filename*=UTF-8''H%C3%B3a%20%C4%91%C6%A1n.pdf`);
	});
});

describe('input parsing', () => {
	it('reads a dự toán line from a form and from JSON', () => {
		const form = parseLineInput({ fundingSourceId: '3', category: 'meals', description: '  Hỗ trợ   tiền ăn ', quantity: '12,5', unitPrice: '150.000', normId: '' });
		expect(form).toMatchObject({ ok: true, value: { fundingSourceId: 3, category: 'meals', description: 'Hỗ trợ tiền ăn', quantity: 1250, unitPrice: 150_000, normId: null } });
		expect(parseLineInput({ fundingSourceId: 3, category: 'hall', description: 'x', quantity: 1, unitPrice: 1.5 })).toMatchObject({ ok: false, errors: { unitPrice: expect.any(String) } });
		expect(parseLineInput({ category: 'nope', description: '', quantity: 'x', unitPrice: '-1' })).toMatchObject({
			ok: false,
			errors: { fundingSourceId: expect.any(String), category: expect.any(String), description: expect.any(String), quantity: expect.any(String), unitPrice: expect.any(String) }
		});
		expect(parseLineInput({ derivedFrom: 'awards:Trung ương' }, { partial: true })).toMatchObject({ ok: false });
		expect(parseLineInput({ fundingSourceId: '1', category: 'refreshments', description: 'x', unitPrice: '1', derivedFrom: 'attendance', tierIds: ['2', '5'], sessions: '2' })).toMatchObject({
			ok: true,
			value: { quantity: 0, derivedFrom: 'attendance', derivedParams: { tierIds: [2, 5], sessions: 2 } }
		});
	});
	it('reads sources and entries', () => {
		expect(parseSourceInput({ name: 'Dự án 7', fundType: 'programme', amount: '120.000.000 đ', decisionDate: '20/10/2026' })).toMatchObject({ ok: true, value: { amount: 120_000_000, decisionDate: '2026-10-20' } });
		expect(parseSourceInput({ name: 'x', fundType: 'bank', amount: '1,5' })).toMatchObject({ ok: false, errors: { fundType: expect.any(String), amount: expect.any(String) } });
		expect(parseExpenseInput({ lineId: '1', spentOn: '18/12/2026', payee: 'A', voucherNo: 'PC 1', description: 'B', amount: '0' })).toMatchObject({ ok: false, errors: { amount: 'Số tiền phải lớn hơn 0' } });
		expect(parseExpenseInput({ lineId: '1', spentOn: '2026-12-18', payee: 'A', voucherNo: 'PC 1', description: 'B', amount: '1.000' })).toMatchObject({ ok: true, value: { amount: 1000, spentOn: '2026-12-18' } });
	});
	it('knows the four report names', () => {
		expect(parseReportName('du-toan.xlsx')).toEqual({ kind: 'estimate', format: 'xlsx' });
		expect(parseReportName('quyet-toan.pdf')).toEqual({ kind: 'settlement', format: 'pdf' });
		expect(() => parseReportName('../etc/passwd')).toThrow();
	});
});
