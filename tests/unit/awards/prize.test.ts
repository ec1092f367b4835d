import { describe, expect, it } from 'vitest';
import {
	baseSalaryOn,
	coefficientMilli,
	computePrize,
	decreeOn,
	formatCoefficient,
	roundAmount,
	ruleChanged,
	type PrizeRules
} from '$lib/server/awards/prize';
import { compareCeremony, mergePositionUnit } from '$lib/server/awards/ceremony';
import { guessFormCode } from '$lib/server/awards/service';
import { newVerificationCode, normalizeVerificationCode, VERIFICATION_CODE } from '$lib/server/awards/codes';

const rules: PrizeRules = {
	baseSalaries: [
		{ effectiveFrom: '2023-07-01', amount: 1_800_000, legalBasis: 'NĐ 24/2023', verified: true },
		{ effectiveFrom: '2024-07-01', amount: 2_340_000, legalBasis: 'NĐ 73/2024', verified: true },
		{ effectiveFrom: '2026-07-01', amount: 2_530_000, legalBasis: 'NĐ 161/2026', verified: false }
	],
	decrees: [
		{ code: 'nd98_2023', name: 'NĐ 98/2023', effectiveFrom: '2024-01-01', effectiveTo: '2025-06-30', rounding: 'up_10000', roundingVerified: true },
		{ code: 'nd152_2025', name: 'NĐ 152/2025', effectiveFrom: '2025-07-01', effectiveTo: null, rounding: 'up_10000', roundingVerified: false }
	],
	coefficients: [
		{ decreeCode: 'nd152_2025', formCode: 'bk_tinh', kind: 'household', coefficient: '2.250', verified: true, source: '' },
		{ decreeCode: 'nd152_2025', formCode: 'giay_khen', kind: 'individual', coefficient: '0.300', verified: true, source: '' },
		{ decreeCode: 'nd98_2023', formCode: 'bk_tinh', kind: 'individual', coefficient: '1.500', verified: false, source: '' }
	]
};

describe('prize rules (pure)', () => {
	it('picks the base salary and decree in force on the decision date, including the change dates', () => {
		expect(baseSalaryOn(rules, '2024-06-30')?.amount).toBe(1_800_000);
		expect(baseSalaryOn(rules, '2024-07-01')?.amount).toBe(2_340_000);
		expect(baseSalaryOn(rules, '2026-06-30')?.amount).toBe(2_340_000);
		expect(baseSalaryOn(rules, '2026-07-01')?.amount).toBe(2_530_000);
		expect(baseSalaryOn(rules, '2023-06-30')).toBeNull();
		expect(decreeOn(rules, '2025-06-30')?.code).toBe('nd98_2023');
		expect(decreeOn(rules, '2025-07-01')?.code).toBe('nd152_2025');
		expect(decreeOn(rules, '2023-12-31')).toBeNull();
	});

	it('multiplies exactly in thousandths and rounds by the decree rule', () => {
		expect(coefficientMilli('2.250')).toBe(2250);
		expect(coefficientMilli('0,3')).toBe(300);
		expect(coefficientMilli(1.5)).toBe(1500);
		expect(() => coefficientMilli('1,5,3')).toThrow();
		expect(formatCoefficient('2.250')).toBe('2,25');
		expect(formatCoefficient('18.000')).toBe('18');
		const hh = computePrize(rules, { decisionDate: '2026-07-01', formCode: 'bk_tinh', kind: 'household' });
		expect(hh).toMatchObject({ raw: 5_692_500, amount: 5_700_000, coefficient: '2.25', baseSalaryVerified: false, roundingVerified: false });
		expect(computePrize(rules, { decisionDate: '2026-07-01', formCode: 'giay_khen', kind: 'individual' }).amount).toBe(760_000);
		expect(roundAmount(702_000, 'up_10000')).toBe(710_000);
		expect(roundAmount(702_000, 'up_1000')).toBe(702_000);
		expect(roundAmount(702_000, 'nearest_10000')).toBe(700_000);
		expect(roundAmount(5_692_500, 'nearest_1000')).toBe(5_693_000);
		expect(roundAmount(702_000, 'none')).toBe(702_000);
		expect(roundAmount(700_000, 'up_10000')).toBe(700_000);
	});

	it('says what is missing instead of inventing an amount', () => {
		expect(computePrize(rules, { decisionDate: '2020-01-01', formCode: 'bk_tinh', kind: 'individual' }).missing).toBe('no_decree');
		expect(computePrize(rules, { decisionDate: '2025-08-01', formCode: 'hcld_3', kind: 'household' })).toMatchObject({ missing: 'no_coefficient', amount: 0 });
		const noBase = { ...rules, baseSalaries: [] };
		expect(computePrize(noBase, { decisionDate: '2025-08-01', formCode: 'giay_khen', kind: 'individual' }).missing).toBe('no_base_salary');
	});

	it('notices when the rules changed since an amount was recorded', () => {
		const recorded = computePrize(rules, { decisionDate: '2024-08-01', formCode: 'bk_tinh', kind: 'individual' });
		expect(recorded.amount).toBe(3_510_000);
		expect(ruleChanged(recorded, computePrize(rules, { decisionDate: '2024-08-01', formCode: 'bk_tinh', kind: 'individual' }))).toBe(false);
		const edited: PrizeRules = { ...rules, coefficients: rules.coefficients.map((c) => (c.decreeCode === 'nd98_2023' ? { ...c, coefficient: '1.000' } : c)) };
		expect(ruleChanged(recorded, computePrize(edited, { decisionDate: '2024-08-01', formCode: 'bk_tinh', kind: 'individual' }))).toBe(true);
	});
});

describe('ceremony helpers', () => {
	it('orders by precedence, decision date, kind, list order', () => {
		const a = (id: number, precedence: number, kind: 'collective' | 'individual' | 'household', decisionDate = '2025-08-01', listOrder = id) => ({ id, precedence, kind, decisionDate, decisionId: decisionDate === '2025-08-01' ? 1 : 2, listOrder });
		const list = [a(1, 50, 'household'), a(2, 50, 'individual'), a(3, 60, 'collective'), a(4, 30, 'individual'), a(5, 50, 'collective'), a(6, 50, 'collective', '2024-01-01')];
		expect(list.sort(compareCeremony).map((x) => x.id)).toEqual([4, 6, 5, 2, 1, 3]);
	});

	it('joins a position and its unit without repeating the unit', () => {
		expect(mergePositionUnit('Bí thư Tỉnh ủy', 'Tỉnh ủy Khánh Hòa')).toBe('Bí thư Tỉnh ủy Khánh Hòa');
		expect(mergePositionUnit('Chủ tịch Ủy ban nhân dân tỉnh', 'Ủy ban nhân dân tỉnh')).toBe('Chủ tịch Ủy ban nhân dân tỉnh');
		expect(mergePositionUnit('Giám đốc', 'Sở Tài chính')).toBe('Giám đốc, Sở Tài chính');
		expect(mergePositionUnit('', 'Sở Tài chính')).toBe('Sở Tài chính');
	});

	it('guesses the award form from a list title', () => {
		expect(guessFormCode('DANH SÁCH TẬP THỂ, CÁ NHÂN, HỘ GIA ĐÌNH ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH NINH THUẬN')).toBe('bk_tinh');
		expect(guessFormCode('Danh sách đề nghị tặng Bằng khen của Thủ tướng Chính phủ')).toBe('bk_ttg');
		expect(guessFormCode('tặng thưởng Huân chương Lao động hạng Ba')).toBe('hcld_3');
		expect(guessFormCode('Giấy khen của Chủ tịch UBND xã Phước Hà')).toBe('giay_khen_xa');
		expect(guessFormCode('Danh sách')).toBeNull();
	});
});

describe('verification codes', () => {
	it('are unguessable, unambiguous and read back from what people type', () => {
		const codes = new Set(Array.from({ length: 2000 }, () => newVerificationCode()));
		expect(codes.size).toBe(2000);
		for (const c of [...codes].slice(0, 50)) {
			expect(c).toMatch(VERIFICATION_CODE);
			expect(c).not.toMatch(/[01ILO]/);
			expect(normalizeVerificationCode(c.toLowerCase().replace(/-/g, ' '))).toBe(c);
		}
		expect(normalizeVerificationCode('K7QM2XPA9')).toBeNull();
		expect(normalizeVerificationCode('O0OO-0000-00')).toBeNull();
	});
});
