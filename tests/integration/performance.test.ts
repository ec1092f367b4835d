/**
 * What the growth benchmark changed (npm run bench -- growth), checked for behaviour:
 * - insertDelegates draws a code again when it is taken (a collision grows with the square of the list);
 * - the planner's statistics: analyzeStale analyses tables never analysed or grown, and only those;
 * - one delegate's pages read a few rows: the record (getDelegate) and the STT (protocolNumber) are the same
 *   as from the whole list.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { inTransaction } from '../../src/lib/server/db';
import { insertDelegates, type NewDelegate } from '../../src/lib/server/delegates/repository';
import { getDelegate, listDelegateItems } from '../../src/lib/server/delegates/service';
import { delegateRow, orderedDelegates, protocolNumber } from '../../src/lib/server/delegates/order';
import { invitationOverview } from '../../src/lib/server/invitations/service';
import { analyzeStale } from '../../src/lib/server/db/statistics';

const forced = vi.hoisted(() => ({ codes: [] as string[] }));
vi.mock('../../src/lib/server/delegates/token', async (importOriginal) => {
	const m = await importOriginal<typeof import('../../src/lib/server/delegates/token')>();
	return { ...m, newDelegateCode: () => forced.codes.shift() ?? m.newDelegateCode() };
});

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

const person = (eventId: number, tierId: number, name: string, extra: Partial<NewDelegate> = {}): NewDelegate => ({
	event_id: eventId,
	tier_id: tierId,
	full_name: name,
	unit: 'UBND xã Phước Bình',
	position: 'Công chức',
	salutation: null,
	email: null,
	phone: null,
	...extra
});

describe('delegate codes', () => {
	it('are drawn again when taken in the event or twice in the same insert', async () => {
		const w = await newEventWorld(d.db);
		const t = w.tiers[0].id;
		forced.codes.push('AAA-AAA');
		await inTransaction(d.db, (tx) => insertDelegates(tx, [person(w.eventId, t, 'Lê Văn Một')]));
		// The next rows would get AAA-AAA (taken) and BBB-BBB twice.
		forced.codes.push('AAA-AAA', 'BBB-BBB', 'BBB-BBB');
		const rows = await inTransaction(d.db, (tx) => insertDelegates(tx, [person(w.eventId, t, 'Lê Văn Hai'), person(w.eventId, t, 'Lê Văn Ba'), person(w.eventId, t, 'Lê Văn Bốn')]));
		const codes = rows.map((r) => r.code);
		expect(new Set(codes).size).toBe(3);
		expect(codes).not.toContain('AAA-AAA');
		expect(codes.filter((c) => c === 'BBB-BBB')).toHaveLength(1);
		// Another event may use the same code.
		const other = await newEventWorld(d.db);
		forced.codes.push('AAA-AAA');
		const [x] = await inTransaction(d.db, (tx) => insertDelegates(tx, [person(other.eventId, other.tiers[0].id, 'Lê Văn Năm')]));
		expect(x.code).toBe('AAA-AAA');
	});
});

describe('planner statistics', () => {
	it('analyses a table never analysed or grown by a tenth, then leaves it', async () => {
		const w = await newEventWorld(d.db);
		await inTransaction(d.db, (tx) => insertDelegates(tx, Array.from({ length: 1200 }, (_, i) => person(w.eventId, w.tiers[i % 4].id, `Nguyễn Văn Thử ${i}`))));
		expect(await analyzeStale(d.db)).toContain('delegate');
		expect(await analyzeStale(d.db)).not.toContain('delegate');
		await inTransaction(d.db, (tx) => insertDelegates(tx, Array.from({ length: 600 }, (_, i) => person(w.eventId, w.tiers[0].id, `Trần Thị Thêm ${i}`))));
		expect(await analyzeStale(d.db)).toContain('delegate');
	});
});

describe("one delegate's pages", () => {
	it('the record, its substitutes and the people a unit named are those of the whole list', async () => {
		const w = await newEventWorld(d.db);
		const t = w.tiers[1].id;
		const [principal, unit, other] = await inTransaction(d.db, (tx) =>
			insertDelegates(tx, [
				person(w.eventId, t, 'Phạm Văn Chính', { position: 'Giám đốc', unit: 'Sở Tài chính' }),
				{ ...person(w.eventId, t, ''), kind: 'unit' as const, addressed_to: 'Lãnh đạo UBND xã Phước Bình', places: 3 },
				person(w.eventId, t, 'Hồ Thị Khác')
			])
		);
		await inTransaction(d.db, (tx) =>
			insertDelegates(tx, [
				person(w.eventId, t, 'Võ Văn Thay', { source: 'substitute', substitute_for: principal.id }),
				person(w.eventId, t, 'Đỗ Thị Cử', { source: 'unit_reply', parent_unit_id: unit.id }),
				person(w.eventId, t, 'Bùi Văn Cử', { source: 'unit_reply', parent_unit_id: unit.id, status: 'cancelled' })
			])
		);
		await d.db.updateTable('delegate').set({ status: 'replaced', reply_status: 'substituted' }).where('id', '=', principal.id).execute();
		const all = await listDelegateItems(d.db, w.eventId, { status: 'all' });
		for (const id of [principal.id, unit.id, other.id, ...all.map((x) => x.id)]) {
			const detail = await getDelegate(d.db, w.admin, w.eventId, id);
			const d0 = all.find((x) => x.id === id)!;
			expect(detail.delegate).toEqual(d0);
			expect(detail.substitutes).toEqual(all.filter((x) => x.substituteFor === id));
			expect(detail.attendees).toEqual(all.filter((x) => x.parentUnitId === id));
		}
		expect((await getDelegate(d.db, w.admin, w.eventId, unit.id)).delegate.attendeeCount).toBe(1);
		await expect(getDelegate(d.db, w.admin, w.eventId, 99999999)).rejects.toMatchObject({ code: 'not_found' });
	});

	it("the STT is the delegate's place in the protocol list, names deciding ties", async () => {
		const w = await newEventWorld(d.db);
		// Same tier, rank and manual order for many: the Vietnamese name order decides.
		const names = ['Nguyễn Văn Bình', 'Lê Thị An', 'Trần Văn An', 'Phạm Văn Ánh', 'Hoàng Văn Anh', 'Đặng Thị Ân', 'Vũ Văn Bình'];
		await inTransaction(d.db, (tx) =>
			insertDelegates(
				tx,
				names.flatMap((n, i) => [
					person(w.eventId, w.tiers[i % 2].id, n, { protocol_rank: 50, sort_order: 10 }),
					person(w.eventId, w.tiers[2].id, `${n} ${i}`, { protocol_rank: 10 + (i % 3), sort_order: i }),
					person(w.eventId, w.tiers[0].id, `${n} Hủy`, { status: 'cancelled' })
				])
			)
		);
		const { delegates } = await invitationOverview(d.db, w.eventId);
		for (const row of await orderedDelegates(d.db, w.eventId, { statuses: ['active', 'cancelled', 'replaced'] })) {
			const expected = delegates.find((x) => x.id === row.id)?.stt ?? null;
			expect(await protocolNumber(d.db, w.eventId, (await delegateRow(d.db, w.eventId, row.id))!)).toBe(expected);
		}
	});
});
