import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember, newUser, principalOf } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { computePrize } from '../../src/lib/server/awards/prize';
import { loadPrizeRules, saveCoefficient, saveDecree, saveBaseSalary, listAwardForms, addAwardForm } from '../../src/lib/server/awards/rules';
import {
	addAward,
	ceremonyAwards,
	commitAwardImport,
	createDecision,
	deleteAward,
	getDecision,
	listDecisions,
	previewAwardImport,
	quotePrize,
	recomputePrizes,
	updateAward,
	updateDecision
} from '../../src/lib/server/awards/service';
import { awardTotalsByFund, certificateCount } from '../../src/lib/server/awards/totals';
import type { RecipientKind } from '../../src/lib/server/awards/tables';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

const FIXTURE = 'tests/fixtures/so-ket-2024-ninh-thuan/awards.xlsx';

async function formId(code: string): Promise<number> {
	const r = await d.db.selectFrom('award_form').select('id').where('code', '=', code).executeTakeFirstOrThrow();
	return r.id;
}

// REFERENCE.md §1.4 (the three base-salary columns), plus the other forms and kinds of each decree.
// [form, kind, @1,800,000 (NĐ 98), @2,340,000 (NĐ 98 or 152), @2,530,000 (NĐ 152)]
const TABLE: [string, RecipientKind, number, number, number][] = [
	['bk_ttg', 'individual', 6_300_000, 8_190_000, 8_860_000],
	['bk_ttg', 'collective', 12_600_000, 16_380_000, 17_710_000],
	['bk_ttg', 'household', 9_450_000, 12_290_000, 13_290_000],
	['bk_tinh', 'individual', 2_700_000, 3_510_000, 3_800_000],
	['bk_tinh', 'collective', 5_400_000, 7_020_000, 7_590_000],
	['bk_tinh', 'household', 4_050_000, 5_270_000, 5_700_000],
	['hcld_1', 'individual', 16_200_000, 21_060_000, 22_770_000],
	['hcld_1', 'collective', 32_400_000, 42_120_000, 45_540_000],
	['hcld_2', 'individual', 13_500_000, 17_550_000, 18_980_000],
	['hcld_2', 'collective', 27_000_000, 35_100_000, 37_950_000],
	['hcld_3', 'individual', 8_100_000, 10_530_000, 11_390_000],
	['hcld_3', 'collective', 16_200_000, 21_060_000, 22_770_000],
	['giay_khen', 'individual', 540_000, 710_000, 760_000],
	['giay_khen', 'collective', 1_080_000, 1_410_000, 1_520_000],
	['giay_khen', 'household', 810_000, 1_060_000, 1_140_000],
	['giay_khen_xa', 'individual', 540_000, 710_000, 760_000]
];

// Decision dates either side of every change: [date, decree, base salary, column of TABLE (null: NĐ 91)].
const DATES: [string, string, number, 0 | 1 | 2 | null][] = [
	['2023-12-31', 'nd91_2017', 1_800_000, null],
	['2024-01-01', 'nd98_2023', 1_800_000, 0],
	['2024-06-30', 'nd98_2023', 1_800_000, 0],
	['2024-07-01', 'nd98_2023', 2_340_000, 1],
	['2025-06-30', 'nd98_2023', 2_340_000, 1],
	['2025-07-01', 'nd152_2025', 2_340_000, 1],
	['2026-06-30', 'nd152_2025', 2_340_000, 1],
	['2026-07-01', 'nd152_2025', 2_530_000, 2]
];

// NĐ 91/2017 Điều 73 (verified: BK TTg 3,5, BK tỉnh 1,0, Giấy khen 0,3, Giấy khen xã 0,15, tập thể × 2).
const ND91: Record<string, number> = {
	'bk_ttg/individual': 6_300_000,
	'bk_ttg/collective': 12_600_000,
	'bk_tinh/individual': 1_800_000,
	'bk_tinh/collective': 3_600_000,
	'bk_tinh/household': 2_700_000,
	'hcld_3/individual': 8_100_000,
	'giay_khen/individual': 540_000,
	'giay_khen_xa/individual': 270_000
};

describe('prize table from the seeded rules', () => {
	it('gives every decree × date × form × kind its amount, with the rule that produced it', async () => {
		const rules = await loadPrizeRules(d.db);
		for (const [date, decree, base, col] of DATES) {
			for (const [form, kind, ...amounts] of TABLE) {
				const r = computePrize(rules, { decisionDate: date, formCode: form, kind });
				expect(r.decree, `${date} ${form} ${kind}`).toBe(decree);
				expect(r.baseSalary).toBe(base);
				expect(r.rounding).toBe('up_10000');
				if (col !== null) expect(r.amount, `${date} ${form} ${kind}`).toBe(amounts[col]);
				else {
					const want = ND91[`${form}/${kind}`];
					if (want !== undefined) expect(r.amount, `${date} ${form} ${kind}`).toBe(want);
				}
			}
		}
	});

	it('keeps the raw product and says when a decree gives no coefficient', async () => {
		const rules = await loadPrizeRules(d.db);
		const gk = computePrize(rules, { decisionDate: '2024-07-01', formCode: 'giay_khen', kind: 'individual' });
		expect(gk.raw).toBe(702_000);
		expect(gk.amount).toBe(710_000);
		expect(gk.coefficient).toBe('0.3');
		const hh = computePrize(rules, { decisionDate: '2026-07-01', formCode: 'bk_tinh', kind: 'household' });
		expect(hh.raw).toBe(5_692_500);
		expect(hh.coefficient).toBe('2.25');
		const hc = computePrize(rules, { decisionDate: '2025-08-01', formCode: 'hcld_3', kind: 'household' });
		expect(hc).toMatchObject({ amount: 0, missing: 'no_coefficient' });
		expect(computePrize(rules, { decisionDate: '2010-01-01', formCode: 'bk_tinh', kind: 'individual' }).missing).toBe('no_decree');
	});

	it('flags what is verified: NĐ 152 Bằng khen yes, NĐ 98 Bằng khen no, 2026 base salary no', async () => {
		const rules = await loadPrizeRules(d.db);
		expect(computePrize(rules, { decisionDate: '2025-08-01', formCode: 'bk_tinh', kind: 'individual' }).coefficientVerified).toBe(true);
		const nd98 = computePrize(rules, { decisionDate: '2024-08-01', formCode: 'bk_tinh', kind: 'individual' });
		expect(nd98.coefficientVerified).toBe(false);
		expect(nd98.roundingVerified).toBe(true);
		const y2026 = computePrize(rules, { decisionDate: '2026-08-01', formCode: 'bk_tinh', kind: 'individual' });
		expect(y2026.baseSalaryVerified).toBe(false);
		expect(y2026.roundingVerified).toBe(false);
		expect(y2026.baseSalaryBasis).toContain('161/2026');
	});
});

describe('decisions and recorded prizes', () => {
	it('stores the amount with its rule; a rule edit does not change it until an explicit recompute', async () => {
		const { eventId, admin, org } = await newEventWorld(d.db);
		const sys = principalOf(await newUser(d.db, { orgId: org.id, role: 'admin', system: true }));
		const decisionId = await createDecision(d.db, admin, eventId, {
			number: '1001/QĐ-UBND',
			decisionDate: '2025-07-15',
			formId: await formId('bk_tinh'),
			fund: null
		});
		const a = await addAward(d.db, admin, eventId, decisionId, { kind: 'individual', name: 'Nguyễn Văn An', salutation: 'Ông', position: 'Chủ tịch', unit: 'UBND xã Phước Hà', achievement: '', notes: '' });
		let detail = await getDecision(d.db, admin, eventId, decisionId);
		expect(detail.decision).toMatchObject({ fund: 'province_fund', authorityLine: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH THUẬN', count: 1, amount: 3_510_000 });
		expect(detail.awards[0]).toMatchObject({ id: a, amount: 3_510_000, stale: false });
		expect(detail.awards[0].prizeRule).toMatchObject({ decree: 'nd152_2025', coefficient: '1.5', baseSalary: 2_340_000, rounding: 'up_10000' });
		expect(detail.awards[0].verificationCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);

		// Only system administrators edit the national rules.
		const decree = await d.db.selectFrom('award_decree').select('id').where('code', '=', 'nd152_2025').executeTakeFirstOrThrow();
		await expect(saveDecree(d.db, admin, decree.id, { effectiveFrom: '2025-07-01', rounding: 'none' })).rejects.toMatchObject({ code: 'forbidden' });
		await saveDecree(d.db, sys, decree.id, { effectiveFrom: '2025-07-01', rounding: 'none', roundingVerified: false });
		await saveCoefficient(d.db, sys, { decreeId: decree.id, formCode: 'bk_tinh', kind: 'individual', coefficient: '1,6', verified: false });
		detail = await getDecision(d.db, admin, eventId, decisionId);
		expect(detail.awards[0]).toMatchObject({ amount: 3_510_000, currentAmount: 3_744_000, stale: true });
		expect(detail.staleCount).toBe(1);

		const res = await recomputePrizes(d.db, admin, eventId, { decisionId });
		expect(res.changed).toEqual([{ id: a, name: 'Nguyễn Văn An', from: 3_510_000, to: 3_744_000 }]);
		detail = await getDecision(d.db, admin, eventId, decisionId);
		expect(detail.awards[0]).toMatchObject({ amount: 3_744_000, stale: false });
		const audit = await d.db.selectFrom('audit_log').select(['action', 'data']).where('action', 'like', 'award.%').orderBy('id').execute();
		expect(audit.map((x) => x.action)).toEqual(
			expect.arrayContaining(['award.decision.created', 'award.created', 'award.rules.decree.updated', 'award.rules.coefficient.updated', 'award.prizes.recomputed'])
		);
		// put the rules back for the other tests in this file
		await saveDecree(d.db, sys, decree.id, { effectiveFrom: '2025-07-01', rounding: 'up_10000' });
		await saveCoefficient(d.db, sys, { decreeId: decree.id, formCode: 'bk_tinh', kind: 'individual', coefficient: '1.5', verified: true });
	});

	it('recomputes when the decision date moves across the base-salary change, and refuses a household Huân chương', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const decisionId = await createDecision(d.db, admin, eventId, { number: '12/QĐ-UBND', decisionDate: '2026-06-30', formId: await formId('bk_tinh'), fund: null });
		await addAward(d.db, admin, eventId, decisionId, { kind: 'collective', name: 'Ủy ban nhân dân xã Phước Hà', salutation: null, householdHead: null, position: '', unit: '', achievement: '', notes: '' });
		expect((await getDecision(d.db, admin, eventId, decisionId)).awards[0].amount).toBe(7_020_000);
		const r = await updateDecision(d.db, admin, eventId, decisionId, { decisionDate: '2026-07-01' });
		expect(r.recomputed).toBe(1);
		expect((await getDecision(d.db, admin, eventId, decisionId)).awards[0].amount).toBe(7_590_000);
		await expect(createDecision(d.db, admin, eventId, { number: '12/qđ-ubnd', decisionDate: '2026-07-01', formId: await formId('bk_tinh') })).rejects.toMatchObject({ code: 'decision_number_taken' });

		const hc = await createDecision(d.db, admin, eventId, { number: '99/QĐ-CTN', decisionDate: '2025-09-02', formId: await formId('hcld_3'), fund: null });
		await expect(addAward(d.db, admin, eventId, hc, { kind: 'household', name: 'Hộ ông Lê Văn Bảy', salutation: null, householdHead: null, position: '', unit: '', achievement: '', notes: '' })).rejects.toMatchObject({ code: 'invalid_input' });
		const detail = await getDecision(d.db, admin, eventId, hc);
		expect(detail.decision).toMatchObject({ fund: 'central', authorityLine: 'CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', printsCertificate: false });
	});

	it('lets organisers add their own form and quotes prizes; viewers may read but not write', async () => {
		const { eventId, org, admin } = await newEventWorld(d.db);
		const organiser = await newMember(d.db, org.id, 'organiser');
		const viewer = await newMember(d.db, org.id, 'viewer');
		const id = await addAwardForm(d.db, organiser, eventId, {
			name: 'Giấy khen của Giám đốc Sở Nội vụ',
			certificateTitle: 'GIẤY KHEN',
			level: 'unit',
			precedence: 62,
			fund: 'issuing_unit',
			printsCertificate: true,
			coefficients: { individual: 0.3, collective: 0.6 }
		});
		const forms = await listAwardForms(d.db, org.id);
		expect(forms.find((f) => f.id === id)).toMatchObject({ precedence: 62, organisationId: org.id });
		const q = await quotePrize(d.db, viewer, eventId, { decisionDate: '2025-08-01', formId: id, kind: 'collective' });
		expect(q).toMatchObject({ amount: 1_410_000, coefficientVerified: false });
		await expect(createDecision(d.db, viewer, eventId, { number: '1/GK', decisionDate: '2025-08-01', formId: id })).rejects.toMatchObject({ code: 'forbidden' });
		await expect(listDecisions(d.db, viewer, eventId)).resolves.toEqual([]);
		// another organisation cannot use this form
		const other = await newEventWorld(d.db);
		await expect(createDecision(d.db, other.admin, other.eventId, { number: '1/GK', decisionDate: '2025-08-01', formId: id })).rejects.toMatchObject({ code: 'award_form_not_found' });
		void admin;
	});

	it('adds a base salary period and refuses a duplicate date', async () => {
		const { org } = await newEventWorld(d.db);
		const sys = principalOf(await newUser(d.db, { orgId: org.id, role: 'admin', system: true }));
		await saveBaseSalary(d.db, sys, { effectiveFrom: '2030-01-01', amount: '3.000.000', legalBasis: 'Thử', verified: false });
		await expect(saveBaseSalary(d.db, sys, { effectiveFrom: '2030-01-01', amount: '3100000' })).rejects.toMatchObject({ code: 'base_salary_date_taken' });
		const rules = await loadPrizeRules(d.db);
		expect(computePrize(rules, { decisionDate: '2030-02-01', formCode: 'bk_tinh', kind: 'individual' }).amount).toBe(4_500_000);
		await d.db.deleteFrom('award_base_salary').where('effective_from', '=', '2030-01-01').execute();
	});
});

describe('import of the list attached to a decision', () => {
	it('previews the Ninh Thuận list (12 collectives, 14 individuals, 4 households) and imports it all at once', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const bytes = new Uint8Array(fs.readFileSync(FIXTURE));
		const view = await previewAwardImport(d.db, admin, eventId, bytes, 'awards.xlsx');
		expect(view.stats.byKind).toEqual({ collective: 12, individual: 14, household: 4 });
		expect(view.hints).toMatchObject({ number: '512/QĐ-UBND', date: '2024-04-10' });
		expect(view.suggestedFormId).toBe(await formId('bk_tinh'));
		expect(view.errorCount).toBe(0);
		// NĐ 98/2023 (default values) at 1,800,000 đ: 12 × 5,400,000 + 14 × 2,700,000 + 4 × 4,050,000
		expect(view.total).toBe(118_800_000);
		expect(await d.db.selectFrom('award').select('id').where('event_id', '=', eventId).execute()).toHaveLength(0);

		const res = await commitAwardImport(d.db, admin, eventId, view.importId, {
			decision: { number: view.hints.number!, decisionDate: view.hints.date!, formId: view.suggestedFormId!, fund: null, signerPrefix: 'KT. CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', signerName: 'Trịnh Minh Hoàng' }
		});
		expect(res.imported).toBe(30);
		const detail = await getDecision(d.db, admin, eventId, res.decisionId);
		expect(detail.decision).toMatchObject({ number: '512/QĐ-UBND', decisionDate: '2024-04-10', count: 30, amount: 118_800_000 });
		expect(detail.awards[12]).toMatchObject({ kind: 'individual', name: 'Thông Thị Thu Diệu', position: 'Trưởng thôn', unit: 'UBND xã Thành Hải', amount: 2_700_000 });
		expect(detail.awards[26]).toMatchObject({ kind: 'household', name: 'Hộ ông Đàng Thanh Ánh', householdHead: 'Đàng Thanh Ánh', amount: 4_050_000 });
		await expect(commitAwardImport(d.db, admin, eventId, view.importId, { decisionId: res.decisionId })).rejects.toMatchObject({ code: 'import_already_committed' });

		expect(await awardTotalsByFund(d.db, eventId)).toEqual([
			{ fund: 'province_fund', fundLabel: 'Quỹ thi đua, khen thưởng tỉnh', count: 30, amount: 118_800_000, paidFromProvincialAllocation: true }
		]);
		expect(await certificateCount(d.db, eventId)).toBe(30);
	});

	it('refuses a list with an error row and imports nothing', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const csv = 'STT,Tên tập thể, cá nhân,Chức vụ,Đơn vị\n1,Nguyễn Văn A,Chuyên viên,UBND xã A\n2,,Chuyên viên,UBND xã B\n';
		const view = await previewAwardImport(d.db, admin, eventId, new TextEncoder().encode('STT;Họ và tên;Chức vụ;Đơn vị\n1;Nguyễn Văn A;Chuyên viên;UBND xã A\n2;;Chuyên viên;UBND xã B\n3;Trần Thị B;Chuyên viên;UBND xã C\n'), 'list.csv');
		void csv;
		expect(view.errorCount).toBeGreaterThan(0);
		await expect(commitAwardImport(d.db, admin, eventId, view.importId, { decision: { number: '5/QĐ', decisionDate: '2025-08-01', formId: await formId('bk_tinh') } })).rejects.toMatchObject({ code: 'import_has_errors' });
		expect(await d.db.selectFrom('award_decision').select('id').where('event_id', '=', eventId).execute()).toHaveLength(0);
	});
});

describe('ceremony order', () => {
	it('orders by precedence, then decision, collectives before individuals before households, then the list', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const gk = await createDecision(d.db, admin, eventId, { number: '7/QĐ-SNV', decisionDate: '2025-08-01', formId: await formId('giay_khen') });
		const bk = await createDecision(d.db, admin, eventId, { number: '8/QĐ-UBND', decisionDate: '2025-08-05', formId: await formId('bk_tinh') });
		const ttg = await createDecision(d.db, admin, eventId, { number: '9/QĐ-TTg', decisionDate: '2025-08-10', formId: await formId('bk_ttg') });
		const hc = await createDecision(d.db, admin, eventId, { number: '10/QĐ-CTN', decisionDate: '2025-08-20', formId: await formId('hcld_3') });
		const add = (dec: number, kind: RecipientKind, name: string) =>
			addAward(d.db, admin, eventId, dec, { kind, name, salutation: null, householdHead: null, position: '', unit: '', achievement: '', notes: '' });
		await add(gk, 'individual', 'GK cá nhân');
		await add(bk, 'household', 'Hộ ông BK');
		await add(bk, 'individual', 'BK cá nhân 1');
		await add(bk, 'collective', 'BK tập thể');
		await add(bk, 'individual', 'BK cá nhân 2');
		await add(ttg, 'individual', 'TTg cá nhân');
		await add(hc, 'collective', 'HC tập thể');
		const order = (await ceremonyAwards(d.db, eventId)).map((a) => a.name);
		expect(order).toEqual(['HC tập thể', 'TTg cá nhân', 'BK tập thể', 'BK cá nhân 1', 'BK cá nhân 2', 'Hộ ông BK', 'GK cá nhân']);
		const funds = await awardTotalsByFund(d.db, eventId);
		expect(funds.map((f) => [f.fund, f.count, f.paidFromProvincialAllocation])).toEqual([
			['province_fund', 4, true],
			['issuing_unit', 1, false],
			['central', 2, false]
		]);
		expect(await certificateCount(d.db, eventId)).toBe(5);
		const one = (await ceremonyAwards(d.db, eventId)).find((a) => a.name === 'BK cá nhân 2')!;
		await updateAward(d.db, admin, eventId, one.id, { kind: 'collective' });
		expect((await ceremonyAwards(d.db, eventId)).map((a) => a.name).slice(2, 4)).toEqual(['BK tập thể', 'BK cá nhân 2']);
		await deleteAward(d.db, admin, eventId, one.id);
		expect(await ceremonyAwards(d.db, eventId)).toHaveLength(6);
	});
});
