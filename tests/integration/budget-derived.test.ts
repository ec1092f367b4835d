/**
 * Derived dự toán lines follow the rest of the product: attendance (delegates and replies), letters, booklet
 * pages and awards. The last describe block makes its data through the other capabilities' own services
 * (invitations, submissions, awards) and lets gatherFacts read it, with no hand-made facts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { insertDelegates } from '../../src/lib/server/delegates/repository';
import { cancelDelegate, updateDelegate } from '../../src/lib/server/delegates/service';
import { addUnitAttendeeByOrganiser, invitationOverview, newRequestKey, recordReply, sendInvitationRound } from '../../src/lib/server/invitations/service';
import { addAward, createDecision, deleteAward } from '../../src/lib/server/awards/service';
import { createDocument, uploadStaffVersion } from '../../src/lib/server/submissions/service';
import { generateBooklet } from '../../src/lib/server/submissions/booklet';
import { createLocalFileStore, type FileStore } from '../../src/lib/server/files/store';
import { makePdf } from '../unit/submissions/fixtures';
import { createLine, createSource, recomputeDerived } from '../../src/lib/server/budget/service';
import { gatherFacts } from '../../src/lib/server/budget/inputs';
import { getBudget } from '../../src/lib/server/budget/summary';
import type { LineInput } from '../../src/lib/server/budget/schema';
import type { AwardFund } from '../../src/lib/server/budget/derive';

let d: Database_;
let filesDir: string;
let store: FileStore;
beforeAll(async () => {
	d = await testDatabase();
	filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-budget-files-'));
	store = createLocalFileStore(filesDir);
});
afterAll(async () => {
	await d?.close();
	if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
});

async function world() {
	// 07:30–16:30 Vietnam time: a morning and an afternoon session, one day.
	const w = await newEventWorld(d.db, { startsAt: new Date('2026-12-18T00:30:00Z'), endsAt: new Date('2026-12-18T09:30:00Z') });
	const finance = await newMember(d.db, w.org.id, 'finance');
	const sourceId = await createSource(d.db, finance, w.eventId, { name: 'Dự án 7', fundType: 'programme', decisionNo: '', decisionDate: null, issuer: '', amount: 10_000_000, notes: '' });
	const fund = await createSource(d.db, finance, w.eventId, { name: 'Quỹ TĐKT tỉnh', fundType: 'emulation_fund', decisionNo: '', decisionDate: null, issuer: '', amount: 20_000_000, notes: '' });
	return { ...w, finance, sourceId, fund };
}

async function addDelegates(eventId: number, tierId: number, names: string[], reply: 'pending' | 'declined' = 'pending') {
	await d.db.transaction().execute((tx) =>
		insertDelegates(
			tx,
			names.map((n) => ({ event_id: eventId, tier_id: tierId, full_name: n, unit: 'UBND xã', reply_status: reply, email: n.startsWith('E') ? `${n.toLowerCase()}@x.vn` : null }))
		)
	);
}

const line = (over: Partial<LineInput>): LineInput => ({
	fundingSourceId: 0,
	category: 'refreshments',
	description: 'Giải khát giữa giờ',
	unit: 'người × buổi',
	quantity: 0,
	unitPrice: 40_000,
	normId: null,
	notes: '',
	derivedFrom: 'attendance',
	derivedParams: {},
	overReason: null,
	...over
});

describe('derived lines', () => {
	it('refreshments and meals follow the expected attendance, sessions and the chosen tiers', async () => {
		const w = await world();
		await addDelegates(w.eventId, w.tiers[0].id, ['Anh', 'Bình', 'Chi']);
		await addDelegates(w.eventId, w.tiers[3].id, ['Dũng', 'Em']);
		await addDelegates(w.eventId, w.tiers[3].id, ['Giang'], 'declined');
		const facts = await gatherFacts(d.db, w.eventId);
		expect(facts.schedule).toEqual({ sessions: 2, days: 1 });
		expect(facts.attendance.expected).toBe(5);
		expect(facts.letters).toMatchObject({ total: 6, emailed: 1, toPrint: 5 });
		const drinks = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.sourceId }));
		const meals = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.sourceId, category: 'meals', description: 'Hỗ trợ tiền ăn', unitPrice: 150_000, derivedParams: { tierIds: [w.tiers[3].id] } }));
		const letters = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.sourceId, category: 'printing', description: 'In giấy mời', unitPrice: 5_000, derivedFrom: 'letters' }));
		let b = await getBudget(d.db, w.finance, w.eventId);
		const by = (id: number) => b.lines.find((l) => l.id === id)!;
		expect([by(drinks).quantityText, by(drinks).amount]).toEqual(['10', 400_000]); // 5 people × 2 sessions
		expect([by(meals).quantityText, by(meals).amount]).toEqual(['2', 300_000]); // 2 in the chosen tier × 1 day
		expect([by(letters).quantityText, by(letters).amount]).toEqual(['6', 30_000]);
		expect(by(drinks).derived).toMatchObject({ stale: false, inputs: { people: 5, sessions: 2 } });

		// More delegates arrive, one declines: the lines say they are stale, and follow on recompute.
		await addDelegates(w.eventId, w.tiers[3].id, ['Hà', 'Khoa', 'Lan']);
		await d.db.updateTable('delegate').set({ reply_status: 'declined' }).where('event_id', '=', w.eventId).where('full_name', '=', 'Anh').execute();
		b = await getBudget(d.db, w.finance, w.eventId);
		expect(by(drinks).derived).toMatchObject({ stale: true, current: { quantityHundredths: 1400, amount: 560_000 } });
		expect(b.notices.filter((n) => n.code === 'derived_stale')).toHaveLength(3);
		const dry = await recomputeDerived(d.db, w.finance, w.eventId, { dryRun: true });
		expect(dry.changed.map((c) => c.lineId).sort()).toEqual([drinks, meals, letters].sort());
		expect((await getBudget(d.db, w.finance, w.eventId)).lines.find((l) => l.id === drinks)!.amount).toBe(400_000);
		const r = await recomputeDerived(d.db, w.finance, w.eventId);
		expect(r.changed).toHaveLength(3);
		b = await getBudget(d.db, w.finance, w.eventId);
		expect([by(drinks).quantityText, by(drinks).amount, by(drinks).derived!.stale]).toEqual(['14', 560_000, false]);
		expect([by(meals).quantityText, by(meals).amount]).toEqual(['5', 750_000]);
		expect(by(letters).quantityText).toBe('9');
		const audit = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', w.eventId).where('action', '=', 'budget.line.recomputed').execute();
		expect(audit).toHaveLength(1);
		expect((audit[0].data as { changed: unknown[] }).changed).toHaveLength(3);
	});

	it('prize money follows the awards by fund; a recompute over the allocation needs a reason', async () => {
		const w = await world();
		const base = await gatherFacts(d.db, w.eventId);
		const awards = (province: number, central = 0): AwardFund[] => [
			{ fund: 'province_fund', fundLabel: 'Quỹ thi đua, khen thưởng tỉnh', count: province / 1_170_000, amount: province, paidFromProvincialAllocation: true },
			{ fund: 'central', fundLabel: 'Trung ương chi trả', count: 1, amount: central, paidFromProvincialAllocation: false }
		];
		const facts = { ...base, awards: awards(11_700_000, 8_000_000) };
		const id = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.fund, category: 'prizes', description: 'Tiền thưởng Bằng khen UBND tỉnh', unit: 'theo QĐ', unitPrice: 0, derivedFrom: 'awards:province_fund' }), { facts });
		let b = await getBudget(d.db, w.finance, w.eventId, { facts });
		let l = b.lines.find((x) => x.id === id)!;
		// Only the province's own share: what the centre pays is not in the provincial budget.
		expect([l.quantityText, l.unitPrice, l.amount]).toEqual(['1', 11_700_000, 11_700_000]);
		expect(b.facts.awards!.find((a) => a.fund === 'central')!.paidFromProvincialAllocation).toBe(false);

		// More awards in the decision: 23.400.000 đ now exceeds the fund's 20.000.000 đ.
		const more = { ...base, awards: awards(23_400_000, 8_000_000) };
		b = await getBudget(d.db, w.finance, w.eventId, { facts: more });
		expect(b.lines.find((x) => x.id === id)!.derived).toMatchObject({ stale: true, current: { amount: 23_400_000 } });
		await expect(recomputeDerived(d.db, w.finance, w.eventId, { facts: more })).rejects.toMatchObject({ code: 'budget_over_limit' });
		await recomputeDerived(d.db, w.finance, w.eventId, { facts: more, reason: 'Chờ quyết định bổ sung quỹ' });
		b = await getBudget(d.db, w.finance, w.eventId, { facts: more });
		l = b.lines.find((x) => x.id === id)!;
		expect([l.amount, l.overReason]).toEqual([23_400_000, 'Chờ quyết định bổ sung quỹ']);
		expect(b.notices.map((n) => n.code)).toContain('over_allocation');
	});

	it('a line whose data is missing keeps its typed quantity and says so', async () => {
		const w = await world();
		const facts = { ...(await gatherFacts(d.db, w.eventId)), bookletPages: null };
		const id = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.sourceId, category: 'printing', description: 'In tài liệu', unit: 'trang', quantity: 300_000, unitPrice: 500, derivedFrom: 'booklet' }), { facts });
		const b = await getBudget(d.db, w.finance, w.eventId, { facts });
		const l = b.lines.find((x) => x.id === id)!;
		expect([l.quantityText, l.amount]).toEqual(['3.000', 1_500_000]);
		expect(l.derived).toMatchObject({ missing: expect.stringContaining('Chưa có dữ liệu'), stale: false });
		const withPages = { ...facts, bookletPages: 24 };
		const r = await recomputeDerived(d.db, w.finance, w.eventId, { facts: withPages, dryRun: true });
		expect(r.changed[0].to).toMatchObject({ quantity: '0.00' }); // no delegates yet: 0 copies × 24 pages
	});
});

describe('derived lines from the data of the other capabilities (no injected facts)', () => {
	/** The line's quantity and amount as the dự toán shows them, and whether it is stale. */
	async function show(eventId: number, finance: Awaited<ReturnType<typeof world>>['finance'], id: number) {
		const l = (await getBudget(d.db, finance, eventId)).lines.find((x) => x.id === id)!;
		return { quantity: l.quantityText, unitPrice: l.unitPrice, amount: l.amount, stale: l.derived?.stale ?? null, missing: l.derived?.missing ?? null };
	}

	it('printing follows the letters the invitations capability issued: unit attendees, substitutes, cancellations, mails', async () => {
		const w = await world();
		const ids = await d.db.transaction().execute((tx) =>
			insertDelegates(tx, [
				{ event_id: w.eventId, tier_id: w.tiers[1].id, kind: 'person', full_name: 'Lê Văn Anh', unit: 'Sở Nội vụ', email: 'anh@snv.gov.vn' },
				{ event_id: w.eventId, tier_id: w.tiers[2].id, kind: 'person', full_name: 'Trần Thị Bình', unit: 'UBND xã Phước Hà', email: null },
				{ event_id: w.eventId, tier_id: w.tiers[2].id, kind: 'person', full_name: 'Phạm Văn Chi', unit: 'UBND xã Phước Nam', email: null },
				{ event_id: w.eventId, tier_id: w.tiers[2].id, kind: 'unit', unit: 'Sở Tài chính', addressed_to: 'Lãnh đạo Sở Tài chính', places: 2, email: null }
			])
		);
		const [anh, binh, chi, unit] = ids.map((r) => r.id);
		const agrees = async () => {
			// The same letters the invitations page counts: every active one, "Không có email: in giấy" on paper only.
			const { counts } = await invitationOverview(d.db, w.eventId);
			const { letters } = await gatherFacts(d.db, w.eventId);
			expect([letters.total, letters.toPrint]).toEqual([counts.delegates, counts.invitation.no_email]);
			return letters;
		};
		expect(await agrees()).toEqual({ total: 4, emailed: 1, toPrint: 3, source: 'invitations' });
		const printed = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.sourceId, category: 'printing', description: 'In giấy mời, phong bì', unit: 'bộ', unitPrice: 6_000, derivedFrom: 'letters', derivedParams: { letters: 'print' } }));
		const posted = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.sourceId, category: 'other', description: 'Cước bưu điện giấy mời', unit: 'thư', unitPrice: 12_000, derivedFrom: 'letters', derivedParams: { letters: 'post' } }));
		expect(await show(w.eventId, w.finance, printed)).toMatchObject({ quantity: '4', amount: 24_000, stale: false });
		expect(await show(w.eventId, w.finance, posted)).toMatchObject({ quantity: '3', amount: 36_000, stale: false });
		const stored = await d.db.selectFrom('budget_line').select('derived_inputs').where('id', '=', printed).executeTakeFirstOrThrow();
		expect(stored.derived_inputs).toMatchObject({ total: 4, source: 'invitations' });

		// The round queues Anh's mail; his address is then removed: his letter went by email all the same.
		const round = await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: newRequestKey() });
		expect([round.queued, round.withoutEmail]).toEqual([1, 3]);
		await updateDelegate(d.db, w.admin, w.eventId, anh, { email: null });
		expect(await agrees()).toMatchObject({ total: 4, emailed: 1, toPrint: 3 });

		// The Sở names an attendee, invited at once: one more letter, by email.
		await addUnitAttendeeByOrganiser(d.db, w.admin, w.eventId, unit, { fullName: 'Đỗ Thị Em', position: 'Phó Giám đốc', email: 'em@stc.gov.vn' }, { invite: true });
		expect(await agrees()).toMatchObject({ total: 5, emailed: 2, toPrint: 3 });
		expect(await show(w.eventId, w.finance, printed)).toMatchObject({ quantity: '4', amount: 24_000, stale: true });
		expect((await recomputeDerived(d.db, w.finance, w.eventId)).changed.map((c) => c.lineId)).toEqual([printed]);
		expect(await show(w.eventId, w.finance, printed)).toMatchObject({ quantity: '5', amount: 30_000, stale: false });

		// Bình sends a substitute with an email (her letter no longer holds, his goes by mail); Chi is struck off.
		await recordReply(d.db, w.admin, w.eventId, binh, {
			status: 'substituted',
			note: '',
			via: 'phone',
			substitute: { salutation: 'Ông', fullName: 'Ngô Văn Giang', position: 'Phó Chủ tịch UBND xã', phone: null, email: 'giang@phuocha.gov.vn' }
		});
		await cancelDelegate(d.db, w.admin, w.eventId, chi);
		expect(await agrees()).toEqual({ total: 4, emailed: 3, toPrint: 1, source: 'invitations' });
		const b = await getBudget(d.db, w.finance, w.eventId);
		expect(b.notices.filter((n) => n.code === 'derived_stale').map((n) => n.lineId).sort()).toEqual([printed, posted].sort());
		await recomputeDerived(d.db, w.finance, w.eventId);
		expect(await show(w.eventId, w.finance, printed)).toMatchObject({ quantity: '4', amount: 24_000, stale: false });
		expect(await show(w.eventId, w.finance, posted)).toMatchObject({ quantity: '1', amount: 12_000, stale: false });
		const after = await d.db.selectFrom('budget_line').select('derived_inputs').where('id', '=', posted).executeTakeFirstOrThrow();
		expect(after.derived_inputs).toMatchObject({ letters: 'post', total: 4, emailed: 3, toPrint: 1, source: 'invitations' });
	});

	it('booklet printing follows the booklet the submissions capability generated', async () => {
		const w = await world();
		await addDelegates(w.eventId, w.tiers[2].id, ['Anh', 'Bình', 'Chi']);
		const id = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.sourceId, category: 'printing', description: 'In tài liệu hội nghị', unit: 'trang', quantity: 30_000, unitPrice: 500, derivedFrom: 'booklet' }));
		// No booklet yet: the typed quantity stays, and the line says why.
		expect(await show(w.eventId, w.finance, id)).toMatchObject({ quantity: '300', amount: 150_000, stale: false, missing: expect.stringContaining('Chưa có dữ liệu') });

		const report = await createDocument(d.db, w.admin, w.eventId, { kind: 'main_report', title: 'Báo cáo sơ kết', ownerUnit: 'Sở Nội vụ' });
		await uploadStaffVersion(d.db, w.admin, w.eventId, report, { bytes: await makePdf({ pages: 4, label: 'Báo cáo sơ kết' }), name: 'bao-cao.pdf' }, { store });
		const first = await generateBooklet(d.db, w.admin, w.eventId, { store, soffice: null });
		expect(first.page_count).toBe(6); // cover, contents, 4 pages of report
		expect(await show(w.eventId, w.finance, id)).toMatchObject({ quantity: '300', stale: true, missing: null });
		await recomputeDerived(d.db, w.finance, w.eventId);
		expect(await show(w.eventId, w.finance, id)).toMatchObject({ quantity: '18', amount: 9_000, stale: false }); // 3 copies × 6 pages

		// A longer report, a new booklet: the line follows on the next recompute.
		await uploadStaffVersion(d.db, w.admin, w.eventId, report, { bytes: await makePdf({ pages: 7, label: 'Báo cáo sơ kết (bản sửa)' }), name: 'bao-cao-2.pdf' }, { store });
		const second = await generateBooklet(d.db, w.admin, w.eventId, { store, soffice: null });
		expect(second.page_count).toBe(9);
		expect(await show(w.eventId, w.finance, id)).toMatchObject({ quantity: '18', stale: true });
		await recomputeDerived(d.db, w.finance, w.eventId);
		expect(await show(w.eventId, w.finance, id)).toMatchObject({ quantity: '27', amount: 13_500, stale: false });
	});

	it('prize money and certificates follow the award decisions and their recipients, by fund', async () => {
		const w = await world();
		const form = async (code: string) => (await d.db.selectFrom('award_form').select('id').where('code', '=', code).where('organisation_id', 'is', null).executeTakeFirstOrThrow()).id;
		const person = (name: string) => ({ kind: 'individual' as const, name, salutation: null, householdHead: null, position: 'Chủ tịch UBND xã', unit: 'UBND xã Phước Hà', achievement: '', notes: '' });
		// NĐ 152/2025 at 2.530.000 đ: Bằng khen tỉnh 3.800.000 đ (cá nhân), 7.590.000 đ (tập thể); Bằng khen TTg 8.860.000 đ.
		const bk = await createDecision(d.db, w.admin, w.eventId, { number: '1520/QĐ-UBND', decisionDate: '2026-08-03', formId: await form('bk_tinh') });
		const ttg = await createDecision(d.db, w.admin, w.eventId, { number: '905/QĐ-TTg', decisionDate: '2026-08-10', formId: await form('bk_ttg') });
		await addAward(d.db, w.admin, w.eventId, bk, person('Nguyễn Văn An'));
		await addAward(d.db, w.admin, w.eventId, bk, person('Trần Thị Bích'));
		await addAward(d.db, w.admin, w.eventId, bk, { ...person('Ủy ban nhân dân xã Phước Hà'), kind: 'collective', position: '', unit: '' });
		await addAward(d.db, w.admin, w.eventId, ttg, person('Lê Văn Cường'));

		const prizes = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.fund, category: 'prizes', description: 'Tiền thưởng Bằng khen UBND tỉnh', unit: 'theo QĐ', unitPrice: 0, derivedFrom: 'awards:province_fund' }));
		const frames = await createLine(d.db, w.finance, w.eventId, line({ fundingSourceId: w.sourceId, category: 'certificates', description: 'In phôi, khung bằng khen', unit: 'bộ', unitPrice: 150_000, derivedFrom: 'certificates' }));
		const facts = await gatherFacts(d.db, w.eventId);
		expect(facts.awards).toEqual([
			{ fund: 'province_fund', fundLabel: expect.any(String), count: 3, amount: 15_190_000, paidFromProvincialAllocation: true },
			{ fund: 'central', fundLabel: expect.any(String), count: 1, amount: 8_860_000, paidFromProvincialAllocation: false }
		]);
		// Only the province's own fund is in this line; the Thủ tướng's Bằng khen is neither paid nor printed here.
		expect(await show(w.eventId, w.finance, prizes)).toMatchObject({ quantity: '1', unitPrice: 15_190_000, amount: 15_190_000, stale: false });
		expect(await show(w.eventId, w.finance, frames)).toMatchObject({ quantity: '3', amount: 450_000, stale: false });

		// One more recipient: both lines are stale, and follow on the next recompute.
		const extra = await addAward(d.db, w.admin, w.eventId, bk, person('Phạm Thị Dung'));
		expect(await show(w.eventId, w.finance, prizes)).toMatchObject({ amount: 15_190_000, stale: true });
		const r = await recomputeDerived(d.db, w.finance, w.eventId);
		expect(r.changed.map((c) => c.lineId).sort()).toEqual([prizes, frames].sort());
		expect(await show(w.eventId, w.finance, prizes)).toMatchObject({ unitPrice: 18_990_000, amount: 18_990_000, stale: false });
		expect(await show(w.eventId, w.finance, frames)).toMatchObject({ quantity: '4', amount: 600_000 });

		// Past the fund's 20.000.000 đ the recompute needs a reason; a recipient taken off brings it back.
		await addAward(d.db, w.admin, w.eventId, bk, person('Võ Văn Em'));
		await expect(recomputeDerived(d.db, w.finance, w.eventId)).rejects.toMatchObject({ code: 'budget_over_limit' });
		expect(await show(w.eventId, w.finance, prizes)).toMatchObject({ amount: 18_990_000, stale: true });
		await deleteAward(d.db, w.admin, w.eventId, extra);
		expect(await show(w.eventId, w.finance, prizes)).toMatchObject({ amount: 18_990_000, stale: false });
	});
});
