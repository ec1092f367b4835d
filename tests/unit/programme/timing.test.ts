import { describe, expect, it } from 'vitest';
import { lateText, liveSchedule, plannedTimes, type TimedItem } from '$lib/server/programme/timing';

const T0 = new Date('2026-12-18T00:30:00Z'); // 07:30 in Vietnam
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const item = (id: number, durationMinutes: number, extra: Partial<TimedItem> = {}): TimedItem => ({ id, durationMinutes, fixedStart: null, actualStart: null, actualEnd: null, ...extra });
const mins = (d: Date) => Math.round((d.getTime() - T0.getTime()) / 60_000);

describe('plannedTimes', () => {
	it('runs items back to back from the day start; lengthening one moves the rest', () => {
		const items = [item(1, 15), item(2, 5), item(3, 25)];
		expect(plannedTimes(items, T0).map((p) => [mins(p.start), mins(p.end)])).toEqual([[0, 15], [15, 20], [20, 45]]);
		items[1].durationMinutes = 12;
		expect(plannedTimes(items, T0).map((p) => mins(p.start))).toEqual([0, 15, 27]);
		// moving item 3 first re-times everything
		expect(plannedTimes([items[2], items[0], items[1]], T0).map((p) => mins(p.start))).toEqual([0, 25, 40]);
	});

	it('honours a pinned start and reports an overlap', () => {
		const items = [item(1, 60), item(2, 30, { fixedStart: at(120) }), item(3, 10), item(4, 10, { fixedStart: at(160) })];
		const p = plannedTimes(items, T0);
		expect(p.map((x) => mins(x.start))).toEqual([0, 120, 150, 160]);
		expect(p.map((x) => x.overlaps)).toEqual([false, false, false, false]);
		items[2].durationMinutes = 30;
		expect(plannedTimes(items, T0)[3].overlaps).toBe(true);
	});
});

describe('liveSchedule', () => {
	const items = () => [item(1, 15), item(2, 5), item(3, 25), item(4, 10)];

	it('before anything starts: the plan, no lateness, the first item next', () => {
		const s = liveSchedule(items(), T0, at(-30));
		expect(s).toMatchObject({ started: false, currentId: null, lateMinutes: null, finished: false });
		expect(s.items.map((x) => mins(x.projectedStart))).toEqual([0, 15, 20, 45]);
		expect(lateText(s.lateMinutes)).toBe('chưa bắt đầu');
	});

	it('a late start makes the running item and everything after it late', () => {
		const it = items();
		it[0].actualStart = at(7);
		const s = liveSchedule(it, T0, at(10));
		expect(s).toMatchObject({ currentId: 1, nextId: 2, lateMinutes: 7, remainingMinutes: 12 });
		expect(s.items.map((x) => mins(x.projectedStart))).toEqual([7, 22, 27, 52]);
		expect(lateText(7)).toBe('muộn 7 phút');
	});

	it('an item running over its time pushes the rest while it runs', () => {
		const it = items();
		it[0].actualStart = at(0);
		it[0].actualEnd = at(15);
		it[1].actualStart = at(15);
		const s = liveSchedule(it, T0, at(29));
		expect(s).toMatchObject({ currentId: 2, lateMinutes: 9, remainingMinutes: -9 });
		expect(mins(s.items[2].projectedStart)).toBe(29);
	});

	it('between items the next can start no earlier than now', () => {
		const it = items();
		it[0].actualStart = at(0);
		it[0].actualEnd = at(12);
		const s = liveSchedule(it, T0, at(18));
		expect(s).toMatchObject({ currentId: null, nextId: 2, lateMinutes: 3 });
		const early = liveSchedule(it, T0, at(13));
		expect(early.lateMinutes).toBe(-2);
		expect(lateText(-2)).toBe('sớm 2 phút');
	});

	it('a pinned start absorbs a delay; skipped items are marked; the end is reported', () => {
		const it = [item(1, 30), item(2, 10), item(3, 20, { fixedStart: at(60) })];
		it[0].actualStart = at(5);
		let s = liveSchedule(it, T0, at(20));
		expect(mins(s.items[2].projectedStart)).toBe(60);
		it[0].actualEnd = at(40);
		it[2].actualStart = at(60);
		it[2].actualEnd = at(85);
		s = liveSchedule(it, T0, at(90));
		expect(s.items.map((x) => x.state)).toEqual(['done', 'skipped', 'done']);
		expect(s).toMatchObject({ finished: true, nextId: null, lateMinutes: 5 });
	});
});
