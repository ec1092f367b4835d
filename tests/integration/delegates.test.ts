import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember, newOrganisation } from '../helpers/factories';
import { inTransaction, type Database_ } from '../../src/lib/server/db';
import { insertDelegates } from '../../src/lib/server/delegates/repository';
import {
	addUnitAttendee,
	addUnitAttendeeAsOrganiser,
	cancelDelegate,
	createDelegate,
	getDelegate,
	listDelegates,
	moveDelegate,
	placeDelegate,
	reorderTier,
	restoreDelegate,
	setReplyStatus,
	summaryOf,
	updateDelegate
} from '../../src/lib/server/delegates/service';
import type { DelegateInput } from '../../src/lib/server/delegates/schema';
import { parseDelegateInput } from '../../src/lib/server/delegates/schema';
import {
	assignSeat,
	generateSeating,
	nameCardsOf,
	renderSeatingPdf,
	renderSeatNameCards,
	seatingPlanOf,
	setSeatingRows,
	pdfPageCount
} from '../../src/lib/server/delegates/seating';
import { exportRows, renderDelegatesPdf, renderDelegatesXlsx } from '../../src/lib/server/delegates/export';
import { commitImport, createImport } from '../../src/lib/server/delegates/import';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

function person(tierId: number, over: Partial<DelegateInput> = {}): DelegateInput {
	return {
		kind: 'person',
		tierId,
		salutation: null,
		fullName: 'Nguyễn Văn A',
		position: '',
		unit: '',
		addressedTo: '',
		places: 1,
		email: null,
		phone: null,
		seat: '',
		notes: '',
		protocolRank: null,
		...over
	};
}

async function audit(eventId: number) {
	return (await d.db.selectFrom('audit_log').select('action').where('event_id', '=', eventId).orderBy('id').execute()).map((r) => r.action);
}

describe('delegate list', () => {
	it('adds people with a default rank from the position, refuses the same person twice, and audits', async () => {
		const w = await newEventWorld(d.db);
		const t = w.tiers[0].id;
		const a = await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: 'Trần Văn Bình', position: 'Phó Chủ tịch Ủy ban nhân dân tỉnh', unit: 'UBND tỉnh' }));
		const b = await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: 'Lê Thị Cúc', position: 'Bí thư Tỉnh ủy', unit: 'Tỉnh ủy', salutation: 'Bà' }));
		const c = await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: 'Phạm Văn Dũng', position: 'Giám đốc', unit: 'Sở Tài chính' }));
		const list = await listDelegates(d.db, w.admin, w.eventId);
		expect(list.map((x) => x.id)).toEqual([b, a, c]);
		expect(list.map((x) => x.protocolRank)).toEqual([100, 310, 610]);
		await expect(
			createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: 'Ông TRẦN VĂN BÌNH', unit: 'Ủy ban nhân dân tỉnh' }))
		).rejects.toMatchObject({ code: 'duplicate_delegate', status: 409 });
		expect(await audit(w.eventId)).toEqual(['event.created', 'delegate.created', 'delegate.created', 'delegate.created']);
	});

	it('parses names with Ông/Bà, phones in every form and bad emails', () => {
		const ok = parseDelegateInput({ kind: 'person', tierId: '3', fullName: '  Bà   Nguyễn Thị  Hoa ', phone: '+84 912 345 678', email: 'Hoa@Khanhhoa.gov.vn' });
		expect(ok.ok && ok.value).toMatchObject({ fullName: 'Nguyễn Thị Hoa', salutation: 'Bà', phone: '0912345678', email: 'hoa@khanhhoa.gov.vn' });
		const bad = parseDelegateInput({ kind: 'person', tierId: '', fullName: '', phone: '12345', email: 'x@', places: '0' });
		expect(!bad.ok && Object.keys(bad.errors).sort()).toEqual(['email', 'fullName', 'phone', 'places', 'tierId']);
		const unit = parseDelegateInput({ kind: 'unit', tierId: '1', addressedTo: '', unit: '' });
		expect(!unit.ok && unit.errors.addressedTo).toBeTruthy();
	});

	it('filters by tier, reply status, kind and accent-free search; sorts by name on request', async () => {
		const w = await newEventWorld(d.db);
		const [t1, t2] = [w.tiers[0].id, w.tiers[1].id];
		await createDelegate(d.db, w.admin, w.eventId, person(t1, { fullName: 'Nguyễn Thị Ánh', unit: 'Sở Y tế', phone: '0912345678' }));
		const b = await createDelegate(d.db, w.admin, w.eventId, person(t2, { fullName: 'Lê Văn An', unit: 'UBND xã Phước Hà' }));
		await createDelegate(d.db, w.admin, w.eventId, { ...person(t2), kind: 'unit', fullName: '', addressedTo: 'Lãnh đạo Sở Tài chính', unit: 'Sở Tài chính', places: 2 });
		await setReplyStatus(d.db, w.admin, w.eventId, b, 'attending');
		expect((await listDelegates(d.db, w.admin, w.eventId, { tierId: t2 })).length).toBe(2);
		expect((await listDelegates(d.db, w.admin, w.eventId, { replyStatus: 'attending' })).map((x) => x.id)).toEqual([b]);
		expect((await listDelegates(d.db, w.admin, w.eventId, { kind: 'unit' }))[0].addressedTo).toBe('Lãnh đạo Sở Tài chính');
		expect((await listDelegates(d.db, w.admin, w.eventId, { q: 'phuoc ha' })).map((x) => x.id)).toEqual([b]);
		expect((await listDelegates(d.db, w.admin, w.eventId, { q: '345 678' })).length).toBe(1);
		const byName = await listDelegates(d.db, w.admin, w.eventId, { sort: 'name', kind: 'person' });
		expect(byName.map((x) => x.fullName)).toEqual(['Lê Văn An', 'Nguyễn Thị Ánh']);
		const s = await summaryOf(d.db, w.eventId);
		expect(s).toMatchObject({ total: 3, people: 2, units: 1, unitPlaces: 2 });
		expect(s.byReply.attending).toBe(1);
	});

	it('edits, cancels (link revoked, seat freed) and restores; viewers and strangers cannot', async () => {
		const w = await newEventWorld(d.db);
		const id = await createDelegate(d.db, w.admin, w.eventId, person(w.tiers[0].id, { fullName: 'Võ Văn Tâm', position: 'Giám đốc', unit: 'Sở Nội vụ' }));
		await updateDelegate(d.db, w.admin, w.eventId, id, { phone: '0905111222', position: 'Phó Giám đốc' });
		const before = await d.db.selectFrom('delegate').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(before.search_key).toContain('0905111222');
		await cancelDelegate(d.db, w.admin, w.eventId, id);
		const after = await d.db.selectFrom('delegate').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(after.status).toBe('cancelled');
		expect(after.token_hash).not.toBe(before.token_hash);
		expect((await listDelegates(d.db, w.admin, w.eventId)).length).toBe(0);
		expect((await listDelegates(d.db, w.admin, w.eventId, { status: 'cancelled' })).length).toBe(1);
		await restoreDelegate(d.db, w.admin, w.eventId, id);
		expect((await listDelegates(d.db, w.admin, w.eventId)).length).toBe(1);
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		expect((await listDelegates(d.db, viewer, w.eventId)).length).toBe(1);
		await expect(updateDelegate(d.db, viewer, w.eventId, id, { notes: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
		const stranger = await newMember(d.db, (await newOrganisation(d.db)).id, 'admin');
		await expect(getDelegate(d.db, stranger, w.eventId, id)).rejects.toMatchObject({ status: 404 });
		// A delegate of another event is not found through this event.
		const w2 = await newEventWorld(d.db);
		await expect(getDelegate(d.db, w2.admin, w2.eventId, id)).rejects.toMatchObject({ status: 404 });
		expect(await audit(w.eventId)).toEqual(['event.created', 'delegate.created', 'delegate.updated', 'delegate.cancelled', 'delegate.restored']);
	});
});

describe('protocol order', () => {
	it('drags: the moved delegate takes its neighbour rank, others keep theirs; stale lists are refused', async () => {
		const w = await newEventWorld(d.db);
		const t = w.tiers[0].id;
		const ids: number[] = [];
		for (const [name, pos, unit] of [
			['Bí Thư', 'Bí thư Tỉnh ủy', 'Tỉnh ủy'],
			['Chủ Tịch', 'Chủ tịch HĐND tỉnh', 'HĐND tỉnh'],
			['Phó Chủ Tịch', 'Phó Chủ tịch UBND tỉnh', 'UBND tỉnh'],
			['Giám Đốc', 'Giám đốc', 'Sở Y tế']
		])
			ids.push(await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: name, position: pos, unit })));
		// Move "Giám Đốc" (610) to the top: it takes the rank of the first (100) and goes first.
		await reorderTier(d.db, w.admin, w.eventId, t, [ids[3], ids[0], ids[1], ids[2]]);
		let list = await listDelegates(d.db, w.admin, w.eventId);
		expect(list.map((x) => x.id)).toEqual([ids[3], ids[0], ids[1], ids[2]]);
		expect(list.map((x) => x.protocolRank)).toEqual([100, 100, 200, 310]);
		// Move "Bí Thư" to the bottom.
		await reorderTier(d.db, w.admin, w.eventId, t, [ids[3], ids[1], ids[2], ids[0]]);
		list = await listDelegates(d.db, w.admin, w.eventId);
		expect(list.map((x) => x.id)).toEqual([ids[3], ids[1], ids[2], ids[0]]);
		expect(list.map((x) => x.protocolRank)).toEqual([100, 200, 310, 310]);
		await expect(reorderTier(d.db, w.admin, w.eventId, t, [ids[0], ids[1]])).rejects.toMatchObject({ code: 'order_mismatch' });
		// A rank number typed by hand.
		await updateDelegate(d.db, w.admin, w.eventId, ids[0], { protocolRank: 5 });
		expect((await listDelegates(d.db, w.admin, w.eventId))[0].id).toBe(ids[0]);
		// Emptied: back to the default for the position.
		await updateDelegate(d.db, w.admin, w.eventId, ids[0], { protocolRank: null });
		expect((await getDelegate(d.db, w.admin, w.eventId, ids[0])).delegate.protocolRank).toBe(100);
		// One step with the buttons: the last moves above the one before it.
		const before = (await listDelegates(d.db, w.admin, w.eventId)).map((x) => x.id);
		await moveDelegate(d.db, w.admin, w.eventId, before[3], 'up');
		expect((await listDelegates(d.db, w.admin, w.eventId)).map((x) => x.id)).toEqual([before[0], before[1], before[3], before[2]]);
		await moveDelegate(d.db, w.admin, w.eventId, before[0], 'up'); // already first: nothing moves
		expect((await listDelegates(d.db, w.admin, w.eventId))[0].id).toBe(before[0]);
	});

	it('a substitute keeps the tier, not the rank, and needs placing until placed', async () => {
		const w = await newEventWorld(d.db);
		const t = w.tiers[0].id;
		const principal = await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: 'Chủ Tịch Tỉnh', position: 'Chủ tịch UBND tỉnh', unit: 'UBND tỉnh' }));
		const [sub] = await inTransaction(d.db, (tx) =>
			insertDelegates(tx, [
				{ event_id: w.eventId, tier_id: t, full_name: 'Phó Văn Phòng', position: 'Phó Chánh Văn phòng', unit: 'Văn phòng UBND tỉnh', source: 'substitute', substitute_for: principal, protocol_rank: 1000 }
			])
		);
		await d.db.updateTable('delegate').set({ status: 'replaced', reply_status: 'substituted' }).where('id', '=', principal).execute();
		let detail = await getDelegate(d.db, w.admin, w.eventId, sub.id);
		expect(detail.delegate.needsPlacing).toBe(true);
		expect(detail.delegate.substituteForLabel).toContain('Chủ Tịch Tỉnh');
		expect(detail.defaultRank).toBe(650);
		expect((await summaryOf(d.db, w.eventId)).needsPlacing).toBe(1);
		expect((await listDelegates(d.db, w.admin, w.eventId, { needsPlacing: true })).map((x) => x.id)).toEqual([sub.id]);
		await placeDelegate(d.db, w.admin, w.eventId, sub.id, { protocolRank: null });
		detail = await getDelegate(d.db, w.admin, w.eventId, sub.id);
		expect(detail.delegate).toMatchObject({ needsPlacing: false, protocolRank: 650, tierId: t });
	});
});

describe('unit invitations', () => {
	it('a unit names people within its places; the last place cannot be taken twice', async () => {
		const w = await newEventWorld(d.db);
		const unit = await createDelegate(d.db, w.admin, w.eventId, { ...person(w.tiers[1].id), kind: 'unit', fullName: '', addressedTo: 'UBND xã Phước Bình', unit: 'UBND xã Phước Bình', places: 2 });
		const a = await addUnitAttendee(d.db, unit, { fullName: 'Ông Nguyễn Văn Hải', position: 'Chủ tịch UBND xã', phone: '0912 000 111' });
		expect(a.remaining).toBe(1);
		const row = await d.db.selectFrom('delegate').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ parent_unit_id: unit, tier_id: w.tiers[1].id, salutation: 'Ông', full_name: 'Nguyễn Văn Hải', source: 'unit_reply', placed_at: null, reply_status: 'attending', unit: 'UBND xã Phước Bình' });
		expect(row.protocol_rank).toBe(730);
		await expect(addUnitAttendee(d.db, unit, { fullName: 'Nguyễn Văn Hải' })).rejects.toMatchObject({ code: 'duplicate_delegate' });
		// Two people at once for the last place: one wins, the other is refused.
		const results = await Promise.allSettled([
			addUnitAttendee(d.db, unit, { fullName: 'Trần Thị Mai', position: 'Công chức' }),
			addUnitAttendee(d.db, unit, { fullName: 'Lê Văn Sơn', position: 'Công chức' })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'unit_places_full' } });
		const detail = await getDelegate(d.db, w.admin, w.eventId, unit);
		expect(detail.delegate).toMatchObject({ attendeeCount: 2, replyStatus: 'attending' });
		expect(detail.attendees).toHaveLength(2);
		// The places cannot drop below the people named.
		await expect(updateDelegate(d.db, w.admin, w.eventId, unit, { places: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
		// A person row is not a unit; a cancelled unit takes nobody.
		await expect(addUnitAttendee(d.db, a.id, { fullName: 'X Y' })).rejects.toMatchObject({ code: 'not_a_unit' });
		await cancelDelegate(d.db, w.admin, w.eventId, unit);
		await expect(addUnitAttendee(d.db, unit, { fullName: 'X Y' })).rejects.toMatchObject({ code: 'unit_inactive' });
		// Cancelling the unit cancelled its people.
		expect((await listDelegates(d.db, w.admin, w.eventId)).length).toBe(0);
		await expect(addUnitAttendee(d.db, 99999999, { fullName: 'X Y' })).rejects.toMatchObject({ code: 'not_found' });
	});

	it('the organiser records a person a unit named by phone', async () => {
		const w = await newEventWorld(d.db);
		const unit = await createDelegate(d.db, w.admin, w.eventId, { ...person(w.tiers[0].id), kind: 'unit', fullName: '', addressedTo: 'Lãnh đạo Sở Tài chính', unit: 'Sở Tài chính', places: 1 });
		await addUnitAttendeeAsOrganiser(d.db, w.admin, w.eventId, unit, { fullName: 'Đỗ Thị Lan', position: 'Phó Giám đốc' });
		await expect(addUnitAttendeeAsOrganiser(d.db, w.admin, w.eventId, unit, { fullName: 'Hồ Văn B' })).rejects.toMatchObject({ code: 'unit_places_full' });
		expect((await audit(w.eventId)).filter((a) => a === 'delegate.unit_attendee.added')).toHaveLength(1);
	});
});

describe('seating', () => {
	it('fills the presidium from the centre (2 on the right of 1, 3 on the left), then the rows, skipping declined', async () => {
		const w = await newEventWorld(d.db);
		const t = w.tiers[0].id;
		const names = ['Một', 'Hai', 'Ba', 'Bốn', 'Năm', 'Sáu', 'Bảy'];
		const ids: number[] = [];
		for (const [i, n] of names.entries())
			ids.push(await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: `Người ${n}`, protocolRank: (i + 1) * 10 })));
		await setReplyStatus(d.db, w.admin, w.eventId, ids[1], 'declined');
		await setSeatingRows(d.db, w.admin, w.eventId, [
			{ kind: 'presidium', label: 'Đoàn Chủ tịch', shortLabel: 'ĐCT', seatCount: 5, numbering: 'centre', nameCards: true },
			{ kind: 'row', label: 'Hàng A', shortLabel: 'A', seatCount: 4, numbering: 'centre', nameCards: false }
		]);
		const r = await generateSeating(d.db, w.admin, w.eventId);
		expect(r).toEqual({ seated: 6, unseated: 0 });
		const plan = await seatingPlanOf(d.db, w.eventId);
		// Presidium of 5 seen from the hall: seats 1..5 hold protocol numbers 4, 2, 1, 3, 5.
		expect(plan.rows[0].seats.map((s) => s.number)).toEqual([4, 2, 1, 3, 5]);
		expect(plan.rows[0].seats.map((s) => s.delegate?.name)).toEqual(['Người Năm', 'Người Ba', 'Người Một', 'Người Bốn', 'Người Sáu']);
		// Row of 4: numbers 4, 2, 1, 3 from the hall's left.
		expect(plan.rows[1].seats.map((s) => s.number)).toEqual([4, 2, 1, 3]);
		expect(plan.rows[1].seats.map((s) => s.delegate?.name ?? null)).toEqual([null, null, 'Người Bảy', null]);
		const seatOf = async (id: number) => (await d.db.selectFrom('delegate').select('seat').where('id', '=', id).executeTakeFirstOrThrow()).seat;
		expect(await seatOf(ids[0])).toBe('ĐCT-1');
		expect(await seatOf(ids[1])).toBe('');
		// Swap: put "Bảy" into the centre of the presidium; "Một" takes Bảy's seat.
		await assignSeat(d.db, w.admin, w.eventId, { rowId: plan.rows[0].id, seatIndex: 3, delegateId: ids[6] });
		expect(await seatOf(ids[6])).toBe('ĐCT-1');
		expect(await seatOf(ids[0])).toBe('A-1');
		// Empty a seat.
		await assignSeat(d.db, w.admin, w.eventId, { rowId: plan.rows[1].id, seatIndex: 3, delegateId: null });
		expect(await seatOf(ids[0])).toBe('');
		// Declining after being seated is flagged on the plan.
		await setReplyStatus(d.db, w.admin, w.eventId, ids[6], 'declined');
		const after = await seatingPlanOf(d.db, w.eventId);
		expect(after.rows[0].seats[2].delegate).toMatchObject({ name: 'Người Bảy', warning: 'Báo không tham dự' });
		// Name cards: presidium only, in seat-number order, flagged seats left out.
		expect(nameCardsOf(after).map((c) => c.name)).toEqual(['Người Ba', 'Người Bốn', 'Người Năm', 'Người Sáu']);
		expect(await pdfPageCount(await renderSeatNameCards(after))).toBe(4);
		expect(await pdfPageCount(await renderSeatingPdf(after, { title: 'Hội nghị', venue: 'Hội trường', startsAt: new Date() }))).toBe(1);
		// Shrinking a row frees the seats beyond it.
		await setSeatingRows(d.db, w.admin, w.eventId, [
			{ id: after.rows[0].id, kind: 'presidium', label: 'Đoàn Chủ tịch', shortLabel: 'ĐCT', seatCount: 2, numbering: 'left', nameCards: true }
		]);
		const small = await seatingPlanOf(d.db, w.eventId);
		expect(small.rows).toHaveLength(1);
		expect(small.seatedCount).toBe(2);
		expect(small.rows[0].seats.map((s) => s.label)).toEqual(['ĐCT-1', 'ĐCT-2']);
		expect(await seatOf(ids[4])).toBe('ĐCT-1');
		expect(await seatOf(ids[2])).toBe('ĐCT-2');
		expect(await seatOf(ids[3])).toBe('');
		expect(await audit(w.eventId)).toContain('seating.generated');
	});
});

describe('export', () => {
	it('writes the list to .xlsx in protocol order with tier sections, and it imports back unchanged', async () => {
		const w = await newEventWorld(d.db);
		await createDelegate(d.db, w.admin, w.eventId, person(w.tiers[1].id, { fullName: 'Trần Văn Huyện', position: 'Chủ tịch UBND huyện', unit: 'UBND huyện Ninh Hải', phone: '0912345678' }));
		await createDelegate(d.db, w.admin, w.eventId, person(w.tiers[0].id, { fullName: 'Nguyễn Thị Tỉnh', salutation: 'Bà', position: 'Phó Chủ tịch UBND tỉnh', unit: 'UBND tỉnh', email: 'tinh@khanhhoa.gov.vn' }));
		await createDelegate(d.db, w.admin, w.eventId, { ...person(w.tiers[0].id), kind: 'unit', fullName: '', addressedTo: 'Lãnh đạo Sở Tài chính', unit: 'Sở Tài chính', places: 2 });
		const { event, items } = await exportRows(d.db, w.admin, w.eventId);
		const bytes = await renderDelegatesXlsx(event, items);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
		const ws = wb.worksheets[0];
		const text = (r: number, c: number) => String(ws.getCell(r, c).value ?? '');
		expect(text(5, 3)).toBe('Họ và tên');
		expect(ws.getRow(5).font?.bold).toBe(true);
		expect(text(6, 1)).toBe('A. CẤP TỈNH');
		expect([text(7, 2), text(7, 3), text(7, 4)]).toEqual(['Bà', 'Nguyễn Thị Tỉnh', 'Phó Chủ tịch UBND tỉnh']);
		expect([text(8, 3), text(8, 9)]).toEqual(['Lãnh đạo Sở Tài chính', '2']);
		expect(text(9, 1)).toBe('B. CẤP HUYỆN');
		expect([text(10, 3), text(10, 6)]).toEqual(['Trần Văn Huyện', '0912 345 678']);
		// Read back into a fresh event: same people, same tiers, the unit letter stays a unit letter.
		const w2 = await newEventWorld(d.db);
		const p = await createImport(d.db, w2.admin, w2.eventId, { bytes, filename: 'xuat.xlsx' });
		expect(p.counts).toMatchObject({ create: 3, errorRows: 0, units: 1 });
		await commitImport(d.db, w2.admin, w2.eventId, p.importId, { planDigest: p.planDigest });
		const back = await listDelegates(d.db, w2.admin, w2.eventId);
		const shape = (x: (typeof back)[number]) => [x.kind, x.salutation, x.fullName || x.addressedTo, x.position, x.unit, x.phone, x.email, x.tierName, x.places];
		expect(back.map(shape)).toEqual(items.map(shape));
		// And the PDF list renders.
		const pdf = await renderDelegatesPdf(event, items);
		expect(await pdfPageCount(pdf)).toBe(1);
	});
});

describe('demo', () => {
	it('seeds about 150 delegates of Khánh Hòa by tier, unit letters, replies, a substitute and a seated front', async () => {
		const { seedDemoIfEmpty } = await import('../../src/lib/server/demo/seed');
		const fresh = await testDatabase();
		try {
			expect(await seedDemoIfEmpty(fresh.db)).toBe(true);
			const ev = await fresh.db.selectFrom('event').select('id').executeTakeFirstOrThrow();
			const s = await summaryOf(fresh.db, ev.id);
			expect(s.total).toBeGreaterThanOrEqual(140);
			expect(s.total).toBeLessThanOrEqual(170);
			expect(s.units).toBeGreaterThanOrEqual(4);
			expect(s.needsPlacing).toBe(2);
			expect(s.byTier.every((t) => t.total > 0)).toBe(true);
			const rows = await fresh.db.selectFrom('delegate').selectAll().where('event_id', '=', ev.id).execute();
			expect(rows.some((r) => r.source === 'substitute' && r.substitute_for)).toBe(true);
			expect(rows.filter((r) => r.kind === 'person' && !r.email).length).toBeGreaterThan(5);
			expect(rows.some((r) => /huyện/i.test(r.unit))).toBe(false);
			const plan = await seatingPlanOf(fresh.db, ev.id);
			expect(plan.rows[0].seats.find((x) => x.number === 1)?.delegate?.name).toBeTruthy();
		} finally {
			await fresh.close();
		}
	});
});

describe('list statuses', () => {
	it("'current' lists active delegates and those replaced by a substitute, not the cancelled", async () => {
		const w = await newEventWorld(d.db);
		const t = w.tiers[0].id;
		const a = await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: 'Người Đang Mời' }));
		const b = await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: 'Người Được Thay' }));
		const c = await createDelegate(d.db, w.admin, w.eventId, person(t, { fullName: 'Người Bị Hủy' }));
		await d.db.updateTable('delegate').set({ status: 'replaced', reply_status: 'substituted' }).where('id', '=', b).execute();
		await cancelDelegate(d.db, w.admin, w.eventId, c);
		expect((await listDelegates(d.db, w.admin, w.eventId, { status: 'current' })).map((x) => x.id).sort()).toEqual([a, b].sort());
		expect((await listDelegates(d.db, w.admin, w.eventId)).map((x) => x.id)).toEqual([a]);
		expect((await listDelegates(d.db, w.admin, w.eventId, { status: 'all' }))).toHaveLength(3);
		expect((await summaryOf(d.db, w.eventId)).byReply.substituted).toBe(1);
	});
});
