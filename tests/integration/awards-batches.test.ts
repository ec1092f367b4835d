import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { addPeople, checkIn, formId, importFixture } from '../unit/awards/world';
import { addAward, createDecision } from '../../src/lib/server/awards/service';
import {
	autoLinkDelegates,
	generateBatches,
	listBatches,
	moveStage,
	parseArrangement,
	saveArrangement,
	updateBatch
} from '../../src/lib/server/awards/batches';
import { assignPresenters, planBatches } from '../../src/lib/server/awards/ceremony';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

const LEADERS = [
	{ name: 'Phạm Văn Hậu', position: 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh', rank: 10 },
	{ name: 'Trịnh Minh Hoàng', position: 'Phó Chủ tịch UBND tỉnh', rank: 20 },
	{ name: 'Lê Thị Hồng', position: 'Chủ tịch Ủy ban MTTQ Việt Nam tỉnh', rank: 30, reply: 'declined' as const }
];

describe('batches', () => {
	it('generates balanced batches in precedence order with leaders in protocol order, before the day', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		await addPeople(d.db, eventId, 1, LEADERS);
		await importFixture(d.db, admin, eventId);
		const r = await generateBatches(d.db, admin, eventId, { capacity: 10 });
		// two leaders have not declined; 12 collectives → 6 + 6, 14 individuals → 7 + 7, 4 households
		expect(r).toEqual({ batches: 5, leaders: 2 });
		const v = await listBatches(d.db, admin, eventId);
		expect(v.batches.map((b) => b.awards.length)).toEqual([6, 6, 7, 7, 4]);
		expect(v.batches.map((b) => b.awards[0].kind)).toEqual(['collective', 'collective', 'individual', 'individual', 'household']);
		expect(v.batches.map((b) => b.presenterName)).toEqual(['Phạm Văn Hậu', 'Phạm Văn Hậu', 'Phạm Văn Hậu', 'Trịnh Minh Hoàng', 'Trịnh Minh Hoàng']);
		expect(v.batches[0].title).toBe('Đợt 1 – Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh – Tập thể (6)');
		expect(v.batches[0].awards[0].displayName).toBe('Phòng Lao động - Thương binh và Xã hội huyện Bác Ái');
		expect(v.presenceKnown).toBe(false);
		expect(v.capacity).toBe(10);
		expect(v.unassigned).toEqual([]);

		// A smaller stage: capacity 4 → 12 → 4+4+4, 14 → 4+4+3+3, 4 → 4
		await generateBatches(d.db, admin, eventId, { capacity: 4 });
		const small = await listBatches(d.db, admin, eventId);
		expect(small.batches.map((b) => b.awards.length)).toEqual([4, 4, 4, 4, 4, 3, 3, 4]);
		await expect(generateBatches(d.db, admin, eventId, { capacity: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
	});

	it('chooses presenters among present leaders on the day and flags absent recipients live', async () => {
		const { eventId, admin } = await newEventWorld(d.db);
		const [chair, vice] = await addPeople(d.db, eventId, 1, LEADERS);
		const [dieu, hung] = await addPeople(d.db, eventId, 4, [
			{ name: 'Thông Thị Thu Diệu', position: 'Trưởng thôn', unit: 'UBND xã Thành Hải', salutation: 'Bà' },
			{ name: 'Võ Minh Hùng', position: 'Chuyên viên', unit: 'UBND xã Xuân Hải', salutation: 'Ông' },
			{ name: 'Nguyễn Văn Tám', position: 'Chủ tịch', unit: 'Ủy ban nhân dân xã Phước Bình' }
		]);
		await importFixture(d.db, admin, eventId);
		expect((await autoLinkDelegates(d.db, admin, eventId)).linked).toBe(3);
		await checkIn(d.db, eventId, vice);
		await checkIn(d.db, eventId, hung);
		await generateBatches(d.db, admin, eventId, { capacity: 10 });
		let v = await listBatches(d.db, admin, eventId);
		expect(v.presenceKnown).toBe(true);
		// the Chủ tịch has not arrived: the Phó Chủ tịch presents every batch
		expect(new Set(v.batches.map((b) => b.presenterDelegateId))).toEqual(new Set([vice]));
		const all = v.batches.flatMap((b) => b.awards);
		const a = (name: string) => all.find((x) => x.displayName.endsWith(name))!;
		expect(a('Thông Thị Thu Diệu')).toMatchObject({ presence: 'absent', delegateId: dieu, displayName: 'Bà Thông Thị Thu Diệu' });
		expect(a('Võ Minh Hùng')).toMatchObject({ presence: 'present' });
		expect(a('Ủy ban nhân dân xã Phước Bình')).toMatchObject({ presence: 'absent' });
		expect(a('Võ Ngọc Yến')).toMatchObject({ presence: 'unknown', delegateId: null });
		expect(v.batches[2].absentCount).toBe(1);

		await checkIn(d.db, eventId, dieu);
		await checkIn(d.db, eventId, chair);
		v = await listBatches(d.db, admin, eventId);
		expect(v.batches.flatMap((b) => b.awards).find((x) => x.delegateId === dieu)!.presence).toBe('present');
		await updateBatch(d.db, admin, eventId, v.batches[0].id, { presenterDelegateId: chair });
		v = await listBatches(d.db, admin, eventId);
		expect(v.batches[0]).toMatchObject({ presenterName: 'Phạm Văn Hậu', presenterAbsent: false });
	});

	it('saves a dragged arrangement and refuses one recipient in two batches', async () => {
		const { eventId, admin, org } = await newEventWorld(d.db);
		await importFixture(d.db, admin, eventId);
		await generateBatches(d.db, admin, eventId, { capacity: 10 });
		let v = await listBatches(d.db, admin, eventId);
		const [b1, b2, ...rest] = v.batches;
		const moved = b1.awards[5].id;
		const plan = parseArrangement({
			batches: [
				{ id: b2.id, awardIds: [moved, ...b2.awards.map((a) => a.id)], title: 'Đợt đầu' },
				{ id: b1.id, awardIds: b1.awards.slice(0, 5).map((a) => a.id) },
				...rest.map((b) => ({ id: b.id, awardIds: b.awards.map((a) => a.id) })),
				{ id: null, awardIds: [] }
			]
		});
		await saveArrangement(d.db, admin, eventId, plan);
		v = await listBatches(d.db, admin, eventId);
		expect(v.batches.map((b) => b.awards.length)).toEqual([7, 5, 7, 7, 4]);
		expect(v.batches[0]).toMatchObject({ id: b2.id, position: 1, title: 'Đợt đầu' });
		expect(v.batches[0].awards[0].id).toBe(moved);

		// take one recipient out of every batch: it becomes unassigned
		await saveArrangement(d.db, admin, eventId, parseArrangement({ batches: v.batches.map((b, i) => ({ id: b.id, awardIds: b.awards.map((a) => a.id).filter((id) => !(i === 4 && id === b.awards[0].id)) })) }));
		v = await listBatches(d.db, admin, eventId);
		expect(v.unassigned).toHaveLength(1);

		await expect(saveArrangement(d.db, admin, eventId, parseArrangement({ batches: [{ id: null, awardIds: [moved] }, { id: null, awardIds: [moved] }] }))).rejects.toMatchObject({ code: 'award_in_two_batches' });
		expect(() => parseArrangement({ batches: 'x' })).toThrow();
		const viewer = await newMember(d.db, org.id, 'viewer');
		await expect(saveArrangement(d.db, viewer, eventId, plan)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(listBatches(d.db, viewer, eventId)).resolves.toBeTruthy();
	});

	it('steps the stage batch by batch and ends with every batch done', async () => {
		const { eventId, admin, org } = await newEventWorld(d.db);
		const dec = await createDecision(d.db, admin, eventId, { number: '3/QĐ-UBND', decisionDate: '2025-08-01', formId: await formId(d.db, 'bk_tinh') });
		for (let i = 0; i < 5; i++) await addAward(d.db, admin, eventId, dec, { kind: 'individual', name: `Người nhận ${i + 1}`, salutation: null, householdHead: null, position: '', unit: '', achievement: '', notes: '' });
		await generateBatches(d.db, admin, eventId, { capacity: 2 });
		const reception = await newMember(d.db, org.id, 'reception');
		await expect(moveStage(d.db, reception, eventId, 'next')).rejects.toMatchObject({ code: 'forbidden' });
		const status = async () => (await listBatches(d.db, admin, eventId)).batches.map((b) => b.status);
		expect((await moveStage(d.db, admin, eventId, 'next')).currentBatchId).not.toBeNull();
		expect(await status()).toEqual(['on_stage', 'pending', 'pending']);
		await moveStage(d.db, admin, eventId, 'next');
		await moveStage(d.db, admin, eventId, 'next');
		expect(await status()).toEqual(['done', 'done', 'on_stage']);
		expect((await moveStage(d.db, admin, eventId, 'next')).currentBatchId).toBeNull();
		expect(await status()).toEqual(['done', 'done', 'done']);
		await moveStage(d.db, admin, eventId, 'next');
		expect(await status()).toEqual(['done', 'done', 'done']);
		await moveStage(d.db, admin, eventId, 'prev');
		expect(await status()).toEqual(['done', 'done', 'on_stage']);
		await moveStage(d.db, admin, eventId, 'reset');
		expect(await status()).toEqual(['pending', 'pending', 'pending']);
	});
});

describe('planBatches (pure)', () => {
	const mk = (id: number, decisionId: number, precedence: number, kind: 'collective' | 'individual' | 'household') => ({ id, decisionId, precedence, kind, decisionDate: '2025-08-01', listOrder: id });
	it('never gives a lower award a higher leader than a higher award', () => {
		const awards = [
			...Array.from({ length: 3 }, (_, i) => mk(i + 1, 1, 30, 'collective')),
			...Array.from({ length: 9 }, (_, i) => mk(i + 10, 2, 50, 'individual')),
			...Array.from({ length: 2 }, (_, i) => mk(i + 30, 3, 60, 'individual'))
		];
		const plan = planBatches(awards, 3, 2);
		expect(plan.map((b) => [b.decisionId, b.awards.length, b.presenterIndex])).toEqual([
			[1, 3, 0],
			[2, 3, 0],
			[2, 3, 0],
			[2, 3, 1],
			[3, 2, 1]
		]);
		expect(planBatches(awards, 3, 10).map((b) => b.presenterIndex)).toEqual([0, 1, 2, 3, 4]);
		expect(planBatches(awards, 3, 0).every((b) => b.presenterIndex === null)).toBe(true);
	});

	it('gives state awards to the highest leaders and provincial ones to the province’s own leaders', () => {
		const leaders = [{ central: true }, { central: true }, { central: false }, { central: false }, { central: false }];
		const batches = [{ national: true }, { national: true }, { national: false }, { national: false }, { national: false }, { national: false }];
		expect(assignPresenters(batches, leaders)).toEqual([0, 1, 2, 2, 3, 4]);
		expect(assignPresenters([{ national: false }], [{ central: true }])).toEqual([0]);
		expect(assignPresenters([{ national: false }], [])).toEqual([null]);
	});
});
