import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newEventWorld } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import { inTransaction } from '../../src/lib/server/db';
import { insertDelegates, rotateToken, delegateByTokenHash } from '../../src/lib/server/delegates/repository';
import { delegateToken, tokenFromScan, personalLink } from '../../src/lib/server/delegates/token';
import { hashToken } from '../../src/lib/server/auth/tokens';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

describe('delegate rows', () => {
	it('get a code, search key, identity key and a derived token that finds them', async () => {
		const w = await newEventWorld(d.db);
		const rows = await inTransaction(d.db, (tx) =>
			insertDelegates(tx, [
				{ event_id: w.eventId, tier_id: w.tiers[0].id, full_name: 'Nguyễn Thị Hồng', unit: 'Sở Tài chính', position: 'Giám đốc', salutation: 'Bà', email: null, phone: '0912345678', replied_at: null, replied_via: null, substitute_for: null, parent_unit_id: null },
				{ event_id: w.eventId, tier_id: w.tiers[1].id, kind: 'unit', addressed_to: 'Lãnh đạo UBND huyện Ninh Hải', unit: 'UBND huyện Ninh Hải', places: 2, salutation: null, email: null, phone: null, replied_at: null, replied_via: null, substitute_for: null, parent_unit_id: null }
			])
		);
		expect(rows).toHaveLength(2);
		const [a] = await d.db.selectFrom('delegate').selectAll().where('id', '=', rows[0].id).execute();
		expect(a.code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
		expect(a.search_key).toContain('nguyen thi hong');
		expect(a.search_key).toContain('0912345678');
		expect(a.identity_key).not.toBe('');
		const token = delegateToken(a.id, a.token_version);
		expect(a.token_hash).toBe(hashToken(token));
		expect((await delegateByTokenHash(d.db, hashToken(token)))?.id).toBe(a.id);
		expect(tokenFromScan(personalLink(token, 'https://hoinghi.tinh.gov.vn'))).toBe(token);
		expect(tokenFromScan(`  ${token.toUpperCase()}\n`)).toBe(token);
		expect(tokenFromScan('https://evil.example/x')).toBeNull();
		// Rotating revokes the old link.
		await rotateToken(d.db, a.id);
		expect(await delegateByTokenHash(d.db, hashToken(token))).toBeUndefined();
		expect((await delegateByTokenHash(d.db, hashToken(delegateToken(a.id, a.token_version + 1))))?.id).toBe(a.id);
	});

	it('refuses the same person twice in one event (database constraint)', async () => {
		const w = await newEventWorld(d.db);
		const base = { event_id: w.eventId, tier_id: w.tiers[0].id, salutation: null, email: null, phone: null, replied_at: null, replied_via: null, substitute_for: null, parent_unit_id: null };
		await inTransaction(d.db, (tx) => insertDelegates(tx, [{ ...base, full_name: 'Lê Văn An', unit: 'Sở Nội vụ' }]));
		await expect(
			inTransaction(d.db, (tx) => insertDelegates(tx, [{ ...base, full_name: 'Ông LÊ VĂN AN', unit: 'Sở  Nội vụ' }]))
		).rejects.toThrow(/delegate_event_identity_key/);
	});
});
