/**
 * Check-in on a real database (PGlite by default, PostgreSQL with HN_TEST_DB=postgres): the QR payload and
 * its refusals, exactly-once under concurrency, nonce replay, offline sync with conflicts, undo, walk-ins,
 * attendance marks, the presence contract and NOTIFY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld, newMember } from '../helpers/factories';
import { inTransaction, type Database_ } from '../../src/lib/server/db';
import { insertDelegates, rotateToken } from '../../src/lib/server/delegates/repository';
import { delegateToken, personalLink } from '../../src/lib/server/delegates/token';
import { manualCheckIn, scan, setAttendanceMarks, syncScans, undoCheckIn, walkIn } from '../../src/lib/server/checkin/service';
import { liveSummary, loadAttendance, offlineRoster } from '../../src/lib/server/checkin/views';
import { attendanceCounts, presenceOf, CHECKIN_CHANNEL } from '../../src/lib/server/checkin/presence';
import type { ScanInput, SyncItem } from '../../src/lib/server/checkin/schema';
import { hashToken } from '../../src/lib/server/auth/tokens';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

let seq = 0;
const nonce = () => `n${Date.now().toString(36)}${(++seq).toString(36).padStart(6, '0')}`;
const DEVICE_A = 'device-aaaaaaaa';
const DEVICE_B = 'device-bbbbbbbb';

function scanInput(raw: string, over: Partial<ScanInput> = {}): ScanInput {
	return { raw, nonce: nonce(), deviceId: DEVICE_A, deviceLabel: 'Cửa chính 1', clientTime: new Date(), ...over };
}

const base = { salutation: null, email: null, phone: null, replied_at: null, replied_via: null, substitute_for: null, parent_unit_id: null } as const;

async function world() {
	const w = await newEventWorld(d.db);
	const reception = await newMember(d.db, w.org.id, 'reception');
	const rows = await inTransaction(d.db, (tx) =>
		insertDelegates(tx, [
			{ ...base, event_id: w.eventId, tier_id: w.tiers[0].id, full_name: 'Nguyễn Thị Hồng', salutation: 'Bà', position: 'Phó Chủ tịch UBND tỉnh', unit: 'UBND tỉnh', seat: 'A-1', phone: '0912345678' },
			{ ...base, event_id: w.eventId, tier_id: w.tiers[1].id, full_name: 'Trần Văn Bình', position: 'Chủ tịch UBND huyện', unit: 'UBND huyện Ninh Hải' },
			{ ...base, event_id: w.eventId, tier_id: w.tiers[2].id, full_name: 'Lê Thị Cúc', position: 'Chủ tịch UBND xã', unit: 'UBND xã Phước Hà' },
			{ ...base, event_id: w.eventId, tier_id: w.tiers[2].id, full_name: 'Phạm Văn Dũng', position: 'Phó Chủ tịch UBND xã', unit: 'UBND xã Phước Hà' }
		])
	);
	const ids = rows.map((r) => r.id);
	const token = (id: number, v = 1) => delegateToken(id, v);
	const link = (id: number, v = 1) => personalLink(token(id, v), 'https://hoinghi.ninhthuan.gov.vn');
	return { ...w, reception, ids, token, link, codes: rows.map((r) => r.code) };
}

describe('the QR payload', () => {
	it('checks a delegate in from the personal link, with the card, an audit row and a scan log row', async () => {
		const w = await world();
		const r = await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0])));
		expect(r.code).toBe('ok');
		expect(r.delegate).toMatchObject({ name: 'Nguyễn Thị Hồng', salutation: 'Bà', position: 'Phó Chủ tịch UBND tỉnh', tierName: 'Cấp tỉnh', isLeader: true, seat: 'A-1' });
		expect(r.checkIn?.by).toBe(w.reception.user.fullName);
		expect(r.checkIn?.device).toBe('Cửa chính 1');
		const rows = await d.db.selectFrom('check_in').selectAll().where('event_id', '=', w.eventId).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ delegate_id: w.ids[0], method: 'scan', undone_at: null });
		const audit = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', w.eventId).where('action', '=', 'checkin.created').execute();
		expect(audit).toHaveLength(1);
		expect(audit[0].actor_user_id).toBe(w.reception.user.id);
		const log = await d.db.selectFrom('checkin_scan').selectAll().where('event_id', '=', w.eventId).execute();
		expect(log.map((l) => l.result)).toEqual(['ok']);
	});

	it('answers amber with when, who and which device on a second scan', async () => {
		const w = await world();
		const first = await scan(d.db, w.reception, w.eventId, scanInput(w.token(w.ids[1])));
		const second = await scan(d.db, w.admin, w.eventId, scanInput(w.link(w.ids[1]), { deviceId: DEVICE_B, deviceLabel: 'Cửa phụ' }));
		expect(second.code).toBe('already_checked_in');
		expect(second.checkIn).toEqual(first.checkIn);
		expect(second.message).toMatch(/^Đã check-in lúc \d\d:\d\d — .+ · Cửa chính 1$/);
	});

	it('refuses forged, altered and foreign payloads with their reason, and logs each', async () => {
		const w = await world();
		const good = w.token(w.ids[0]);
		const altered = good.slice(0, 10) + (good[10] === 'a' ? 'b' : 'a') + good.slice(11);
		const forged = 'abcdefghijklmnopqrstuvwxyz234567';
		const cases = [
			[personalLink(forged, 'https://hoinghi.ninhthuan.gov.vn'), 'invalid_token', /giả, đã bị sửa/],
			[personalLink(altered, 'https://hoinghi.ninhthuan.gov.vn'), 'invalid_token', /giả, đã bị sửa/],
			['https://example.com/khong-phai-giay-moi', 'invalid_token', /Không phải mã QR/],
			['Xin chào', 'invalid_token', /Không phải mã QR/],
			['ZZZ-ZZZ', 'not_found', /ZZZ-ZZZ/]
		] as const;
		for (const [raw, code, reason] of cases) {
			const r = await scan(d.db, w.reception, w.eventId, scanInput(raw));
			expect(r.code, raw).toBe(code);
			expect(r.reason).toMatch(reason);
		}
		const log = await d.db.selectFrom('checkin_scan').selectAll().where('event_id', '=', w.eventId).orderBy('id').execute();
		expect(log.map((l) => l.result)).toEqual(cases.map((c) => c[1]));
		expect(log.every((l) => l.reason.length > 0)).toBe(true);
		// The log never keeps a whole token.
		expect(log[0].raw_excerpt).toBe(`${forged.slice(0, 6)}…`);
		expect(await d.db.selectFrom('check_in').select('id').where('event_id', '=', w.eventId).execute()).toHaveLength(0);
	});

	it('refuses the QR of another event, naming it when it is the same organisation', async () => {
		const w = await world();
		const other = await world();
		const r = await scan(d.db, w.reception, w.eventId, scanInput(other.link(other.ids[0])));
		expect(r.code).toBe('wrong_event');
		expect(r.delegate).toBeUndefined();
		expect(r.reason).toBe('Giấy mời này dành cho một hội nghị khác');
	});

	it('refuses a cancelled letter and a substituted one, naming the substitute, even by the revoked QR', async () => {
		const w = await world();
		const [hong, binh] = w.ids;
		const oldBinh = w.link(binh);
		await d.db.updateTable('delegate').set({ status: 'cancelled', reply_note: 'Trùng lịch công tác' }).where('id', '=', hong).execute();
		const sub = await inTransaction(d.db, async (tx) => {
			await tx.updateTable('delegate').set({ status: 'replaced', reply_status: 'substituted' }).where('id', '=', binh).execute();
			const [s] = await insertDelegates(tx, [
				{ ...base, event_id: w.eventId, tier_id: w.tiers[1].id, full_name: 'Võ Minh Châu', salutation: 'Ông', position: 'Phó Chủ tịch UBND huyện', unit: 'UBND huyện Ninh Hải', source: 'substitute', substitute_for: binh }
			]);
			await rotateToken(tx, binh);
			return s;
		});
		const c = await scan(d.db, w.reception, w.eventId, scanInput(w.link(hong)));
		expect(c.code).toBe('cancelled');
		expect(c.reason).toContain('Trùng lịch công tác');
		const r = await scan(d.db, w.reception, w.eventId, scanInput(oldBinh));
		expect(r.code).toBe('replaced');
		expect(r.substitute?.name).toBe('Võ Minh Châu');
		expect(r.reason).toContain('Ông Võ Minh Châu, Phó Chủ tịch UBND huyện');
		const ok = await scan(d.db, w.reception, w.eventId, scanInput(w.link(sub.id)));
		expect(ok.code).toBe('ok');
	});

	it('refuses a reissued letter’s old QR but accepts the new one', async () => {
		const w = await world();
		const old = w.link(w.ids[2]);
		await rotateToken(d.db, w.ids[2]);
		const r = await scan(d.db, w.reception, w.eventId, scanInput(old));
		expect(r.code).toBe('invalid_token');
		expect(r.reason).toMatch(/thu hồi/);
		expect((await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[2], 2)))).code).toBe('ok');
	});

	it('lets in a delegate who declined, with a warning, and accepts the printed code typed by hand', async () => {
		const w = await world();
		await d.db.updateTable('delegate').set({ reply_status: 'declined', reply_note: 'Đi công tác' }).where('id', '=', w.ids[3]).execute();
		const r = await scan(d.db, w.reception, w.eventId, scanInput(w.codes[3].toLowerCase().replace('-', ' ')));
		expect(r.code).toBe('ok');
		expect(r.warnings.map((x) => x.code)).toEqual(['declined']);
		expect(r.warnings[0].message).toContain('Đi công tác');
	});

	it('is refused to roles without checkin.scan and hidden from other organisations', async () => {
		const w = await world();
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		const finance = await newMember(d.db, w.org.id, 'finance');
		const outsider = (await world()).admin;
		await expect(scan(d.db, viewer, w.eventId, scanInput(w.link(w.ids[0])))).rejects.toMatchObject({ code: 'forbidden' });
		await expect(scan(d.db, finance, w.eventId, scanInput(w.link(w.ids[0])))).rejects.toMatchObject({ code: 'forbidden' });
		await expect(scan(d.db, outsider, w.eventId, scanInput(w.link(w.ids[0])))).rejects.toMatchObject({ code: 'not_found' });
		await expect(offlineRoster(d.db, viewer, w.eventId)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(setAttendanceMarks(d.db, w.reception, w.eventId, [])).rejects.toMatchObject({ code: 'forbidden' });
	});
});

describe('exactly once', () => {
	it('records one check-in when 50 devices scan the same QR at the same moment', async () => {
		const w = await world();
		const link = w.link(w.ids[0]);
		const results = await Promise.all(
			Array.from({ length: 50 }, (_, i) => scan(d.db, w.reception, w.eventId, scanInput(link, { deviceId: `device-${String(i).padStart(4, '0')}` })))
		);
		const codes = results.map((r) => r.code);
		expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
		expect(codes.filter((c) => c === 'already_checked_in')).toHaveLength(49);
		const rows = await d.db.selectFrom('check_in').selectAll().where('event_id', '=', w.eventId).execute();
		expect(rows).toHaveLength(1);
		const ok = results.find((r) => r.code === 'ok')!;
		for (const r of results) expect(r.checkIn?.id).toBe(ok.checkIn?.id);
		const audit = await d.db.selectFrom('audit_log').select('id').where('event_id', '=', w.eventId).where('action', '=', 'checkin.created').execute();
		expect(audit).toHaveLength(1);
		expect(await d.db.selectFrom('checkin_scan').select('id').where('event_id', '=', w.eventId).execute()).toHaveLength(50);
	});

	it('answers a replayed nonce with the first answer, also when 20 retries race', async () => {
		const w = await world();
		const input = scanInput(w.link(w.ids[1]));
		const first = await scan(d.db, w.reception, w.eventId, input);
		const again = await scan(d.db, w.reception, w.eventId, input);
		expect(first.code).toBe('ok');
		expect(again).toEqual({ ...first, replayed: true });
		// A retry after an undo is still the old request: it does not check the delegate in again.
		await undoCheckIn(d.db, w.reception, w.eventId, { delegateId: w.ids[1], reason: 'Quét nhầm' });
		const late = await scan(d.db, w.reception, w.eventId, input);
		expect(late.replayed).toBe(true);
		expect((await presenceOf(d.db, w.eventId)).get(w.ids[1])?.present).toBe(false);

		const racing = scanInput(w.link(w.ids[2]));
		const all = await Promise.all(Array.from({ length: 20 }, () => scan(d.db, w.reception, w.eventId, racing)));
		expect(all.every((r) => r.code === 'ok')).toBe(true);
		expect(all.filter((r) => !r.replayed)).toHaveLength(1);
		expect(await d.db.selectFrom('check_in').select('id').where('delegate_id', '=', w.ids[2]).execute()).toHaveLength(1);
		expect(await d.db.selectFrom('checkin_scan').select('id').where('delegate_id', '=', w.ids[2]).execute()).toHaveLength(1);
	});

	it('keeps the same nonce apart on two devices', async () => {
		const w = await world();
		const n = nonce();
		const a = await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0]), { nonce: n }));
		const b = await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0]), { nonce: n, deviceId: DEVICE_B }));
		expect([a.code, b.code]).toEqual(['ok', 'already_checked_in']);
	});
});

describe('undo, manual check-in, walk-ins', () => {
	it('undoes a mistaken check-in with an audit row, and the delegate can come in again', async () => {
		const w = await world();
		await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0])));
		const u = await undoCheckIn(d.db, w.reception, w.eventId, { delegateId: w.ids[0], reason: 'Nhầm người' });
		const row = await d.db.selectFrom('check_in').selectAll().where('id', '=', u.checkInId).executeTakeFirstOrThrow();
		expect(row.undone_at).toBeInstanceOf(Date);
		expect(row.undone_by).toBe(w.reception.user.id);
		expect(row.undo_reason).toBe('Nhầm người');
		const audit = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', w.eventId).where('action', '=', 'checkin.undone').execute();
		expect(audit).toHaveLength(1);
		expect(audit[0].data).toMatchObject({ reason: 'Nhầm người', name: 'Nguyễn Thị Hồng' });
		await expect(undoCheckIn(d.db, w.reception, w.eventId, { delegateId: w.ids[0], reason: '' })).rejects.toMatchObject({ code: 'not_checked_in' });
		const again = await manualCheckIn(d.db, w.reception, w.eventId, { delegateId: w.ids[0], nonce: nonce(), deviceId: DEVICE_A, deviceLabel: '', clientTime: null });
		expect(again.code).toBe('ok');
		expect(again.checkIn?.method).toBe('manual');
		expect(await d.db.selectFrom('check_in').select('id').where('delegate_id', '=', w.ids[0]).execute()).toHaveLength(2);
	});

	it('refuses a manual check-in of a delegate of another event as not found', async () => {
		const w = await world();
		const other = await world();
		const r = await manualCheckIn(d.db, w.reception, w.eventId, { delegateId: other.ids[0], nonce: nonce(), deviceId: DEVICE_A, deviceLabel: '', clientTime: null });
		expect(r.code).toBe('not_found');
	});

	it('adds a walk-in at the door, flagged, checked in at once; the same person twice is refused', async () => {
		const w = await world();
		const input = { nonce: nonce(), deviceId: DEVICE_A, deviceLabel: 'Cửa chính 1', clientTime: new Date(), fullName: 'Đặng Văn Em', salutation: 'Ông' as const, position: 'Trưởng thôn', unit: 'Thôn Phước Lập', phone: '0987654321', tierId: w.tiers[2].id };
		const r = await walkIn(d.db, w.reception, w.eventId, input);
		expect(r.code).toBe('ok');
		expect(r.delegate).toMatchObject({ name: 'Đặng Văn Em', walkIn: true, tierName: 'Cấp xã' });
		expect(r.checkIn?.method).toBe('walk_in');
		const row = await d.db.selectFrom('delegate').selectAll().where('id', '=', r.delegate!.id).executeTakeFirstOrThrow();
		expect(row.source).toBe('walk_in');
		expect(row.search_key).toContain('dang van em');
		expect((await walkIn(d.db, w.reception, w.eventId, input)).replayed).toBe(true);
		await expect(walkIn(d.db, w.reception, w.eventId, { ...input, nonce: nonce(), fullName: 'Ông ĐẶNG VĂN EM' })).rejects.toMatchObject({ code: 'duplicate_delegate' });
		await expect(walkIn(d.db, w.reception, w.eventId, { ...input, nonce: nonce(), fullName: 'Người Khác', tierId: (await world()).tiers[0].id })).rejects.toMatchObject({ code: 'invalid_input' });
		const audit = await d.db.selectFrom('audit_log').select('action').where('event_id', '=', w.eventId).where('action', '=', 'checkin.walk_in.added').execute();
		expect(audit).toHaveLength(1);
		const counts = await attendanceCounts(d.db, w.eventId);
		expect(counts).toEqual({ expected: 5, present: 1 });
	});
});

describe('offline queue sync', () => {
	const item = (over: Partial<SyncItem>): SyncItem => ({ kind: 'checkin', raw: null, delegateId: null, reason: '', nonce: nonce(), deviceId: DEVICE_B, deviceLabel: 'Máy mất mạng', clientTime: new Date(), ...over });

	it('resolves a conflict by the earliest time: an offline scan at 07:40 beats an online one at 07:45', async () => {
		const w = await world();
		const online = await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0])));
		const onlineAt = new Date(online.checkIn!.at);
		const earlier = new Date(onlineAt.getTime() - 5 * 60_000);
		const later = new Date(Math.max(Date.now(), onlineAt.getTime() + 1));
		const [r1, r2, r3, r4] = (
			await syncScans(d.db, w.reception, w.eventId, [
				item({ raw: w.link(w.ids[0]), clientTime: earlier }),
				item({ raw: w.link(w.ids[1]), clientTime: later }),
				item({ delegateId: w.ids[1], clientTime: new Date(later.getTime() + 1000) }),
				item({ kind: 'refused', raw: 'https://hoinghi.vn/r/abcdefghijklmnopqrstuvwxyz234567', reason: 'không có trong danh sách đã tải' })
			])
		).map((o) => o.result);
		expect(r1.code).toBe('ok');
		expect(r1.corrected).toEqual({ from: onlineAt.toISOString(), to: earlier.toISOString() });
		expect(r2.code).toBe('ok');
		expect(r3.code).toBe('already_checked_in');
		expect(r4.code).toBe('invalid_token');
		const rows = await d.db.selectFrom('check_in').selectAll().where('delegate_id', '=', w.ids[0]).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0].checked_in_at.toISOString()).toBe(earlier.toISOString());
		expect(rows[0]).toMatchObject({ method: 'offline_sync', device_label: 'Máy mất mạng' });
		const b = await d.db.selectFrom('check_in').selectAll().where('delegate_id', '=', w.ids[1]).executeTakeFirstOrThrow();
		expect(b.checked_in_at.toISOString()).toBe(later.toISOString());
		const audit = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', w.eventId).where('action', '=', 'checkin.time_corrected').execute();
		expect(audit).toHaveLength(1);
		// An online scan after the sync sees the earliest time.
		const seen = await scan(d.db, w.admin, w.eventId, scanInput(w.link(w.ids[0])));
		expect(seen.checkIn?.at).toBe(earlier.toISOString());
		const refused = await d.db.selectFrom('checkin_scan').selectAll().where('event_id', '=', w.eventId).where('method', '=', 'offline_refused').execute();
		expect(refused).toHaveLength(1);
		expect(refused[0].reason).toContain('không có trong danh sách đã tải');
	});

	it('processes a queue in the order the scans happened, and a resent queue changes nothing', async () => {
		const w = await world();
		const t0 = Date.now() - 10 * 60_000;
		const queue = [
			item({ raw: w.link(w.ids[2]), clientTime: new Date(t0 + 2000), deviceId: DEVICE_A }),
			item({ raw: w.link(w.ids[2]), clientTime: new Date(t0 + 1000), deviceId: DEVICE_B })
		];
		const out = await syncScans(d.db, w.reception, w.eventId, queue);
		expect(out.map((o) => o.result.code)).toEqual(['already_checked_in', 'ok']);
		expect(out[1].result.checkIn?.device).toBe('Máy mất mạng');
		const resent = await syncScans(d.db, w.reception, w.eventId, queue);
		expect(resent.map((o) => o.result.replayed)).toEqual([true, true]);
		expect(await d.db.selectFrom('check_in').select('id').where('delegate_id', '=', w.ids[2]).execute()).toHaveLength(1);
	});

	it('does not trust a device clock far in the future', async () => {
		const w = await world();
		const [o] = await syncScans(d.db, w.reception, w.eventId, [item({ raw: w.link(w.ids[3]), clientTime: new Date(Date.now() + 3600_000) })]);
		expect(o.result.code).toBe('ok');
		expect(o.result.warnings.map((x) => x.code)).toContain('clock');
		expect(new Date(o.result.checkIn!.at).getTime()).toBeLessThanOrEqual(Date.now());
	});
});

describe('attendance, presence, counts, roster', () => {
	it('marks by hand in bulk with who marked, and the contract reflects door and marks', async () => {
		const w = await world();
		const organiser = await newMember(d.db, w.org.id, 'organiser');
		await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0])));
		await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[1])));
		await d.db.updateTable('delegate').set({ reply_status: 'declined', reply_note: 'Ốm' }).where('id', '=', w.ids[3]).execute();
		expect(await attendanceCounts(d.db, w.eventId)).toEqual({ expected: 3, present: 2 });
		const res = await setAttendanceMarks(d.db, organiser, w.eventId, [
			{ delegateId: w.ids[1], status: 'partial', note: 'Về sau giờ giải lao' },
			{ delegateId: w.ids[2], status: 'present', note: '' },
			{ delegateId: w.ids[3], status: 'absent', note: 'Nằm viện' }
		]);
		expect(res.changed).toBe(3);
		// Same marks again: nothing changes, no audit row.
		expect((await setAttendanceMarks(d.db, organiser, w.eventId, [{ delegateId: w.ids[2], status: 'present', note: '' }])).changed).toBe(0);
		const p = await presenceOf(d.db, w.eventId);
		expect(p.get(w.ids[0])).toMatchObject({ present: true });
		expect(p.get(w.ids[0])?.checkedInAt).toBeInstanceOf(Date);
		expect(p.get(w.ids[1])?.present).toBe(true);
		expect(p.get(w.ids[2])).toEqual({ present: true, checkedInAt: null });
		expect(p.get(w.ids[3])).toEqual({ present: false, checkedInAt: null });
		expect(await attendanceCounts(d.db, w.eventId)).toEqual({ expected: 3, present: 3 });
		const rows = await loadAttendance(d.db, w.eventId);
		const dung = rows.find((r) => r.delegate.id === w.ids[3])!;
		expect(dung.state).toBe('absent');
		expect(dung.absenceReason).toBe('Nằm viện');
		expect(dung.mark?.by).toBe(organiser.user.fullName);
		// Clearing a mark gives the door back its say.
		await setAttendanceMarks(d.db, organiser, w.eventId, [{ delegateId: w.ids[3], status: null, note: '' }]);
		const again = (await loadAttendance(d.db, w.eventId)).find((r) => r.delegate.id === w.ids[3])!;
		expect(again.state).toBe('unknown');
		expect(again.absenceReason).toBe('Ốm');
		const audit = await d.db.selectFrom('audit_log').selectAll().where('event_id', '=', w.eventId).where('action', '=', 'checkin.attendance.marked').execute();
		expect(audit).toHaveLength(2);
		await expect(setAttendanceMarks(d.db, organiser, w.eventId, [{ delegateId: (await world()).ids[0], status: 'present', note: '' }])).rejects.toMatchObject({ code: 'not_found' });
	});

	it('counts present and expected by tier and unit, latest first, and lists the leaders', async () => {
		const w = await world();
		await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[2])));
		await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0])));
		const s = await liveSummary(d.db, w.reception, w.eventId);
		expect(s).toMatchObject({ expected: 4, present: 2, percent: 50, walkIns: 0 });
		expect(s.byTier.map((t) => [t.name, t.present, t.expected])).toEqual([
			['Cấp tỉnh', 1, 1],
			['Cấp huyện', 0, 1],
			['Cấp xã', 1, 2],
			['Tập thể, cá nhân được khen thưởng', 0, 0]
		]);
		expect(s.byUnit.find((u) => u.unit === 'UBND xã Phước Hà')).toEqual({ unit: 'UBND xã Phước Hà', expected: 2, present: 1 });
		expect(s.latest.map((a) => a.name)).toEqual(['Nguyễn Thị Hồng', 'Lê Thị Cúc']);
		expect(s.leaders.map((l) => [l.name, l.present])).toEqual([['Nguyễn Thị Hồng', true]]);
		const viewer = await newMember(d.db, w.org.id, 'viewer');
		expect((await liveSummary(d.db, viewer, w.eventId)).present).toBe(2);
	});

	it('gives reception an offline roster with token hashes, revoked hashes and who is in', async () => {
		const w = await world();
		await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0])));
		await rotateToken(d.db, w.ids[1]);
		const r = await offlineRoster(d.db, w.reception, w.eventId);
		expect(r.delegates).toHaveLength(4);
		const hong = r.delegates.find((x) => x.id === w.ids[0])!;
		expect(hong.h).toBe(hashToken(w.token(w.ids[0])));
		expect(hong.in?.by).toBe(w.reception.user.fullName);
		expect(hong.key).toContain('nguyen thi hong');
		const binh = r.delegates.find((x) => x.id === w.ids[1])!;
		expect(binh.oh).toEqual([hashToken(w.token(w.ids[1], 1))]);
		expect(binh.h).toBe(hashToken(w.token(w.ids[1], 2)));
	});
});

describe('NOTIFY', () => {
	it('announces every check-in change on hn_checkin with { eventId, delegateId, kind }', async () => {
		const w = await world();
		const got: unknown[] = [];
		const unlisten = await d.listen(CHECKIN_CHANNEL, (p) => got.push(JSON.parse(p)));
		try {
			await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0])));
			await scan(d.db, w.reception, w.eventId, scanInput(w.link(w.ids[0]))); // already: no change
			await scan(d.db, w.reception, w.eventId, scanInput('rác')); // refused: no change
			await undoCheckIn(d.db, w.reception, w.eventId, { delegateId: w.ids[0], reason: '' });
			const deadline = Date.now() + 5000;
			while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
			await new Promise((r) => setTimeout(r, 100));
		} finally {
			await unlisten();
		}
		expect(got).toEqual([
			{ eventId: w.eventId, delegateId: w.ids[0], kind: 'checked_in' },
			{ eventId: w.eventId, delegateId: w.ids[0], kind: 'undone' }
		]);
	});
});

