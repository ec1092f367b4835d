import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { readTable } from '$lib/server/sheets/read-table';
import { parseDelegateSheet } from '$lib/server/sheets/delegates';
import { AWARD_KIND_LABELS, parseAwardSheet, type AwardKind } from '$lib/server/sheets/awards';

const dir = 'tests/fixtures/so-ket-2024-ninh-thuan/';
const expected = JSON.parse(readFileSync(dir + 'expected.json', 'utf8')) as {
	delegates: number;
	byTier: Record<string, number>;
	withoutEmail: number;
	awards: { total: number; byKind: Record<string, number> };
};
const tiers = Object.keys(expected.byTier);

async function delegatesOf(file: string) {
	const table = await readTable(readFileSync(dir + file), file);
	return parseDelegateSheet(table, { tiers });
}

describe('Ninh Thuận 2024 fixtures', () => {
	for (const file of ['delegates.xlsx', 'delegates.csv']) {
		it(`${file} reproduces expected.json`, async () => {
			const p = await delegatesOf(file);
			expect(p.stats.total).toBe(expected.delegates);
			expect(p.stats.byTier).toEqual(expected.byTier);
			expect(p.stats.withoutEmail).toBe(expected.withoutEmail);
			expect(p.stats.withoutTier).toBe(0);
			expect(p.problems.filter((x) => x.severity === 'error')).toEqual([]);
			expect(p.duplicates).toEqual([]);
		});
	}

	it('delegates.xlsx: title rows and section rows are not delegates', async () => {
		const p = await delegatesOf('delegates.xlsx');
		expect(p.headerRowNumbers).toEqual([5]);
		// One sheet: Excel's row numbers, no sheet read beside it, nothing to warn about.
		expect(p.sheets).toEqual([
			{ name: 'Danh sách đại biểu', rowOffset: 0, headerRowNumbers: [5] }
		]);
		expect(p.warnings).toEqual([]);
		expect(p.skipped.filter((s) => s.reason === 'section').map((s) => s.text)).toEqual([
			'A. ĐẠI BIỂU CẤP TỈNH',
			'B. ĐẠI BIỂU CẤP HUYỆN',
			'C. ĐẠI BIỂU CẤP XÃ',
			'D. TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG'
		]);
		expect(p.rows[0]).toMatchObject({
			rowNumber: 7,
			fullName: 'Ngô Ngọc Nhung',
			position: 'Bí thư Tỉnh ủy',
			unit: 'Tỉnh ủy',
			phone: '0999334397',
			email: 'nhungnn41@ninhthuan.gov.vn',
			tierName: 'Cấp tỉnh',
			section: 'A. ĐẠI BIỂU CẤP TỈNH'
		});
	});

	it('delegates.csv and delegates.xlsx hold the same people', async () => {
		const a = await delegatesOf('delegates.xlsx');
		const b = await delegatesOf('delegates.csv');
		const strip = (r: (typeof a.rows)[number]) => [
			r.fullName,
			r.unit,
			r.phone,
			r.email,
			r.tierName
		];
		expect(b.rows.map(strip)).toEqual(a.rows.map(strip));
		// The CSV has a Giới tính column: salutations come from it.
		expect(b.rows[0].salutation).toBe('Bà');
		expect(b.rows[1].salutation).toBe('Ông');
	});

	it('awards.xlsx reproduces expected.json and reads the decision', async () => {
		const table = await readTable(readFileSync(dir + 'awards.xlsx'), 'awards.xlsx');
		const p = parseAwardSheet(table);
		expect(p.stats.total).toBe(expected.awards.total);
		const byLabel = Object.fromEntries(
			Object.entries(p.stats.byKind).map(([k, n]) => [AWARD_KIND_LABELS[k as AwardKind], n])
		);
		expect(byLabel).toEqual(expected.awards.byKind);
		expect(p.problems).toEqual([]);
		expect(p.decisionHints).toMatchObject({
			number: '512/QĐ-UBND',
			date: '2024-04-10',
			issuer: 'Chủ tịch Ủy ban nhân dân tỉnh'
		});
		const household = p.rows.find((r) => r.kind === 'household');
		expect(household).toMatchObject({
			name: 'Hộ ông Đàng Thanh Ánh',
			householdHead: 'Đàng Thanh Ánh',
			salutation: 'Ông',
			unit: 'Thôn Ma Rớ, xã thành hải'
		});
	});
});
