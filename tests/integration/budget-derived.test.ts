/** Derived dự toán lines follow the rest of the product: attendance (delegates and replies) and awards. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { insertDelegates } from '../../src/lib/server/delegates/repository';
import { createLine, createSource, recomputeDerived } from '../../src/lib/server/budget/service';
import { gatherFacts } from '../../src/lib/server/budget/inputs';
import { getBudget } from '../../src/lib/server/budget/summary';
import type { LineInput } from '../../src/lib/server/budget/schema';
import type { AwardFund } from '../../src/lib/server/budget/derive';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

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
