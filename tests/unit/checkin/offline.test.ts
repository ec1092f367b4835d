import { describe, expect, it } from 'vitest';
import { evaluateOffline, indexRoster } from '../../../src/routes/(staff)/events/[eventId=id]/checkin/shared/offline';
import { sha256Hex } from '../../../src/routes/(staff)/events/[eventId=id]/checkin/shared/scan-text';
import type { Roster, RosterEntry } from '$lib/server/checkin/dto';

const T = (n: number) => String.fromCharCode(96 + n).repeat(32); // 'aaaa…', 'bbbb…': token-shaped
const entry = (id: number, over: Partial<RosterEntry> = {}): RosterEntry => ({
	id,
	h: sha256Hex(T(id)),
	code: `AB${id}-CDE`,
	kind: 'person',
	sal: 'Ông',
	name: `Đại biểu ${id}`,
	pos: 'Giám đốc',
	unit: 'Sở Tài chính',
	tier: 1,
	seat: `A-${id}`,
	st: 'active',
	reply: 'pending',
	key: `dai bieu ${id}`,
	in: null,
	...over
});

const roster: Roster = {
	eventId: 1,
	generatedAt: new Date().toISOString(),
	tiers: [{ id: 1, name: 'Cấp tỉnh', position: 1, isLeader: true }],
	delegates: [
		entry(1),
		entry(2, { in: { at: '2026-12-18T00:42:00.000Z', by: 'Phạm Ngọc Lan', device: 'Cửa chính' } }),
		entry(3, { st: 'cancelled' }),
		entry(4, { st: 'replaced', sub: { name: 'Bà Võ Thị Sáu', pos: 'Phó Giám đốc' }, oh: [sha256Hex(T(14))] }),
		entry(5, { oh: [sha256Hex(T(15))] }),
		entry(6, { reply: 'declined' })
	]
};
const idx = indexRoster(roster);
const link = (n: number) => `https://hoinghi.vn/r/${T(n)}`;

describe('deciding a scan offline from the roster', () => {
	it('welcomes a delegate not yet in, with the card', () => {
		const { result, entry: e } = evaluateOffline(idx, { raw: link(1) });
		expect(result.code).toBe('ok');
		expect(e?.id).toBe(1);
		expect(result.delegate).toMatchObject({ name: 'Đại biểu 1', tierName: 'Cấp tỉnh', isLeader: true, seat: 'A-1' });
	});

	it('says when and by whom for a delegate already in (Vietnam time)', () => {
		const { result, entry: e } = evaluateOffline(idx, { raw: link(2) });
		expect(result.code).toBe('already_checked_in');
		expect(e).toBeNull();
		expect(result.message).toBe('Đã check-in lúc 07:42 — Phạm Ngọc Lan · Cửa chính');
	});

	it('refuses a cancelled letter, a substituted one (naming the substitute, also by the old QR) and a reissued one', () => {
		expect(evaluateOffline(idx, { raw: link(3) }).result.code).toBe('cancelled');
		const r = evaluateOffline(idx, { raw: link(14) }).result;
		expect(r.code).toBe('replaced');
		expect(r.reason).toContain('Bà Võ Thị Sáu, Phó Giám đốc');
		const old = evaluateOffline(idx, { raw: link(15) }).result;
		expect(old.code).toBe('invalid_token');
		expect(old.reason).toMatch(/thu hồi/);
	});

	it('refuses what is not in the roster, and what is not a code at all', () => {
		expect(evaluateOffline(idx, { raw: link(20) }).result).toMatchObject({ code: 'invalid_token', reason: expect.stringContaining('Không có trong danh sách') });
		expect(evaluateOffline(idx, { raw: 'hello' }).result.code).toBe('invalid_token');
		expect(evaluateOffline(idx, { delegateId: 99 }).result.code).toBe('not_found');
	});

	it('accepts the printed code and a pick from the list; warns about a declined delegate', () => {
		expect(evaluateOffline(idx, { raw: 'ab1-cde' }).result.code).toBe('invalid_token'); // 1 is not in the code alphabet
		expect(evaluateOffline(idx, { raw: 'xyz-xyz' }).result.code).toBe('not_found');
		const byCode = indexRoster({ ...roster, delegates: [entry(7, { code: 'ABC-DEF' })] });
		expect(evaluateOffline(byCode, { raw: 'abc def' }).result.code).toBe('ok');
		expect(evaluateOffline(idx, { delegateId: 1 }).result.code).toBe('ok');
		const d = evaluateOffline(idx, { raw: link(6) }).result;
		expect(d.code).toBe('ok');
		expect(d.warnings.map((w) => w.code)).toEqual(['declined']);
	});
});
