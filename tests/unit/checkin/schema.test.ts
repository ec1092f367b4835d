import { describe, expect, it } from 'vitest';
import { parseMarks, parseMarksForm, parseScanInput, parseSyncItems, parseWalkIn } from '$lib/server/checkin/schema';

const ctx = { nonce: 'n-12345678', deviceId: 'device-01' };

describe('check-in input', () => {
	it('needs a nonce and a device id of the right shape', () => {
		expect(() => parseScanInput({ token: 'x' })).toThrow(expect.objectContaining({ code: 'invalid_input', fields: expect.objectContaining({ nonce: expect.any(String), deviceId: expect.any(String) }) }));
		expect(() => parseScanInput({ ...ctx, nonce: 'short', token: 'x' })).toThrow();
		expect(() => parseScanInput({ ...ctx, nonce: 'has space 123', token: 'x' })).toThrow();
		expect(() => parseScanInput({ ...ctx })).toThrow(expect.objectContaining({ fields: { token: expect.any(String) } }));
		const v = parseScanInput({ ...ctx, token: ' https://x/r/abc ', deviceLabel: '  Cửa  chính ', clientTime: '2026-12-18T00:42:00Z' });
		expect(v).toMatchObject({ raw: ' https://x/r/abc ', deviceLabel: 'Cửa chính', clientTime: new Date('2026-12-18T00:42:00Z') });
		expect(parseScanInput({ ...ctx, token: 'x', clientTime: 'hôm qua' }).clientTime).toBeNull();
	});

	it('reads a sync queue: each item a token or a delegate id, at most 500', () => {
		const items = parseSyncItems({ items: [{ ...ctx, token: 'abc' }, { ...ctx, nonce: 'n-22222222', delegateId: '7', kind: 'refused', reason: 'không có' }] });
		expect(items.map((i) => [i.kind, i.raw, i.delegateId])).toEqual([
			['checkin', 'abc', null],
			['refused', null, 7]
		]);
		expect(() => parseSyncItems({ items: [{ ...ctx }] })).toThrow();
		expect(() => parseSyncItems({ items: Array(501).fill({ ...ctx, token: 'a' }) })).toThrow();
		expect(() => parseSyncItems({})).toThrow();
	});

	it('checks a walk-in: a name, a tier, a Vietnamese phone', () => {
		expect(() => parseWalkIn({ ...ctx })).toThrow(expect.objectContaining({ fields: expect.objectContaining({ fullName: expect.any(String), tierId: expect.any(String) }) }));
		expect(() => parseWalkIn({ ...ctx, fullName: 'A', tierId: 1, phone: '12345' })).toThrow(expect.objectContaining({ fields: { phone: expect.any(String) } }));
		const w = parseWalkIn({ ...ctx, fullName: ' Nguyễn  Văn\tA ', tierId: '3', phone: '+84 912 345 678', salutation: 'Ông' });
		expect(w).toMatchObject({ fullName: 'Nguyễn Văn A', tierId: 3, phone: '0912345678', salutation: 'Ông' });
		expect(parseWalkIn({ ...ctx, fullName: 'B', tierId: 1, salutation: 'Anh' }).salutation).toBeNull();
	});

	it('reads attendance marks from JSON and from the form', () => {
		expect(parseMarks([{ delegateId: 1, status: 'absent', note: 'Ốm' }, { delegateId: 2, status: '' }, { delegateId: 3, status: 'none' }])).toEqual([
			{ delegateId: 1, status: 'absent', note: 'Ốm' },
			{ delegateId: 2, status: null, note: '' },
			{ delegateId: 3, status: null, note: '' }
		]);
		expect(() => parseMarks([{ delegateId: 1, status: 'maybe' }])).toThrow();
		const f = new FormData();
		f.set('status_5', 'partial');
		f.set('note_5', ' buổi sáng ');
		f.set('status_6', '');
		f.set('other', 'x');
		expect(parseMarksForm(f)).toEqual([
			{ delegateId: 5, status: 'partial', note: 'buổi sáng' },
			{ delegateId: 6, status: null, note: '' }
		]);
	});
});
