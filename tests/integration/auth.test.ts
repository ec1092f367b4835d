import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../helpers/db';
import { newOrganisation, newUser, principalOf, TEST_PASSWORD } from '../helpers/factories';
import type { Database_ } from '../../src/lib/server/db';
import {
	createSession,
	generateSessionToken,
	validateSessionToken,
	SESSION_LIFETIME_MS,
	SESSION_RENEW_WITHIN_MS
} from '../../src/lib/server/auth/session';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { login, setupFirstAdmin, createApiToken, revokeApiToken, setMembership, userCount } from '../../src/lib/server/accounts/service';
import { validateApiToken } from '../../src/lib/server/auth/api-token';
import { THROTTLE } from '../../src/lib/server/auth/throttle';
import { SYSTEM_ACTOR } from '../../src/lib/server/audit';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
});
afterAll(async () => d?.close());

describe('first-run setup', () => {
	it('creates the first administrator once, then refuses', async () => {
		expect(await userCount(d.db)).toBe(0);
		const res = await setupFirstAdmin(d.db, {
			email: 'Admin@Tinh.gov.vn',
			fullName: 'Quản Trị  Viên',
			password: 'mot-mat-khau-dai',
			organisationName: 'Văn phòng UBND tỉnh'
		});
		const user = await d.db.selectFrom('app_user').selectAll().where('id', '=', res.userId).executeTakeFirstOrThrow();
		expect(user.email).toBe('admin@tinh.gov.vn');
		expect(user.full_name).toBe('Quản Trị Viên');
		expect(user.is_system_admin).toBe(true);
		expect(user.password_hash.startsWith('$argon2id$')).toBe(true);
		await expect(
			setupFirstAdmin(d.db, { email: 'b@x.vn', fullName: 'B', password: 'mot-mat-khau-dai', organisationName: 'Khác' })
		).rejects.toMatchObject({ code: 'already_set_up' });
		const audit = await d.db.selectFrom('audit_log').select('action').where('action', '=', 'account.setup').execute();
		expect(audit).toHaveLength(1);
	});

	it('refuses a weak password with a Vietnamese reason', async () => {
		await expect(
			setupFirstAdmin(d.db, { email: 'c@x.vn', fullName: 'C', password: 'ngan', organisationName: 'X' })
		).rejects.toMatchObject({ code: 'weak_password', message: expect.stringContaining('ít nhất 10 ký tự') });
	});
});

describe('sessions (Lucia style)', () => {
	it('stores only the SHA-256 of the token', async () => {
		const u = await newUser(d.db);
		const token = generateSessionToken();
		const s = await createSession(d.db, token, u.id);
		expect(s.id).toBe(hashToken(token));
		const rows = await d.db.selectFrom('user_session').select('id').where('user_id', '=', u.id).execute();
		expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
		expect(rows[0].id).not.toContain(token);
	});

	it('validates, renews in the second half of its life, and expires', async () => {
		const u = await newUser(d.db);
		const token = generateSessionToken();
		const t0 = new Date('2030-01-01T00:00:00Z');
		const s = await createSession(d.db, token, u.id, {}, t0);
		// Early in its life: valid, not renewed.
		const early = await validateSessionToken(d.db, token, new Date(t0.getTime() + 1000));
		expect(early?.session.expiresAt.getTime()).toBe(s.expiresAt.getTime());
		// In the renewal window: extended to a full lifetime from now.
		const late = new Date(s.expiresAt.getTime() - SESSION_RENEW_WITHIN_MS + 1000);
		const renewed = await validateSessionToken(d.db, token, late);
		expect(renewed?.session.expiresAt.getTime()).toBe(late.getTime() + SESSION_LIFETIME_MS);
		// Past the (renewed) expiry: invalid and deleted.
		const after = new Date(late.getTime() + SESSION_LIFETIME_MS + 1);
		expect(await validateSessionToken(d.db, token, after)).toBeNull();
		expect(await d.db.selectFrom('user_session').select('id').where('id', '=', s.id).executeTakeFirst()).toBeUndefined();
	});

	it('rejects forged and malformed tokens', async () => {
		expect(await validateSessionToken(d.db, generateSessionToken())).toBeNull();
		expect(await validateSessionToken(d.db, "' or 1=1 --")).toBeNull();
		expect(await validateSessionToken(d.db, '')).toBeNull();
	});

	it('ends the sessions of a disabled user', async () => {
		const u = await newUser(d.db);
		const token = generateSessionToken();
		await createSession(d.db, token, u.id);
		await d.db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', u.id).execute();
		expect(await validateSessionToken(d.db, token)).toBeNull();
	});
});

describe('login and throttling', () => {
	it('signs in with the right password and refuses a wrong one with the same message as an unknown account', async () => {
		const u = await newUser(d.db, { email: 'dang.nhap@thu.vn' });
		const ok = await login(d.db, { email: ' Dang.Nhap@thu.vn ', password: TEST_PASSWORD, ip: '10.0.0.1' });
		expect(ok.ok).toBe(true);
		if (ok.ok) expect((await validateSessionToken(d.db, ok.token))?.user.id).toBe(u.id);
		const bad = await login(d.db, { email: 'dang.nhap@thu.vn', password: 'sai-mat-khau', ip: '10.0.0.1' });
		const unknown = await login(d.db, { email: 'khong.co@thu.vn', password: 'sai-mat-khau', ip: '10.0.0.1' });
		expect(bad).toMatchObject({ ok: false, code: 'invalid_credentials' });
		expect(unknown).toMatchObject({ ok: false, code: 'invalid_credentials', message: (bad as { message: string }).message });
	});

	it('locks an account after repeated failures, even with the right password, until the window passes', async () => {
		await newUser(d.db, { email: 'bi.khoa@thu.vn' });
		const t0 = new Date();
		for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i++) {
			const r = await login(d.db, { email: 'bi.khoa@thu.vn', password: 'sai', ip: `10.1.0.${i}` }, new Date(t0.getTime() + i * 1000));
			expect(r.ok).toBe(false);
		}
		const locked = await login(d.db, { email: 'bi.khoa@thu.vn', password: TEST_PASSWORD, ip: '10.1.1.1' }, new Date(t0.getTime() + 10_000));
		expect(locked).toMatchObject({ ok: false, code: 'throttled' });
		expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
		expect((locked as { message: string }).message).toContain('thử lại sau');
		const later = await login(d.db, { email: 'bi.khoa@thu.vn', password: TEST_PASSWORD, ip: '10.1.1.1' }, new Date(t0.getTime() + THROTTLE.windowMs + 10_000));
		expect(later.ok).toBe(true);
	});

	it('throttles one IP address trying many accounts', async () => {
		const t0 = new Date(Date.now() + 3600_000);
		for (let i = 0; i < THROTTLE.maxFailuresPerIp; i++) {
			await login(d.db, { email: `nan.nhan${i}@thu.vn`, password: 'sai', ip: '10.9.9.9' }, new Date(t0.getTime() + i));
		}
		const r = await login(d.db, { email: 'ai.do@thu.vn', password: 'sai', ip: '10.9.9.9' }, new Date(t0.getTime() + 5000));
		expect(r).toMatchObject({ ok: false, code: 'throttled' });
		const other = await login(d.db, { email: 'ai.do@thu.vn', password: 'sai', ip: '10.9.9.8' }, new Date(t0.getTime() + 5000));
		expect(other).toMatchObject({ ok: false, code: 'invalid_credentials' });
	});
});

describe('API tokens', () => {
	it('are shown once, stored hashed, and stop working when revoked or expired', async () => {
		const u = await newUser(d.db);
		const { id, token } = await createApiToken(d.db, SYSTEM_ACTOR, { userId: u.id, name: 'Máy quét cổng 1' });
		expect(token).toMatch(/^hn_[a-z2-7]{32}$/);
		const row = await d.db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.token_hash).toBe(hashToken(token));
		expect(JSON.stringify(row)).not.toContain(token.slice(3));
		expect((await validateApiToken(d.db, token))?.user.id).toBe(u.id);
		expect(await validateApiToken(d.db, token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a'))).toBeNull();
		await revokeApiToken(d.db, SYSTEM_ACTOR, id);
		expect(await validateApiToken(d.db, token)).toBeNull();
		const exp = await createApiToken(d.db, SYSTEM_ACTOR, { userId: u.id, name: 'Tạm', expiresAt: new Date(Date.now() - 1000) });
		expect(await validateApiToken(d.db, exp.token)).toBeNull();
	});
});

describe('memberships', () => {
	it('keeps at least one administrator per organisation', async () => {
		const org = await newOrganisation(d.db);
		const a = await newUser(d.db, { orgId: org.id, role: 'admin' });
		await expect(setMembership(d.db, principalOfActor(a), { organisationId: org.id, email: a.email, role: 'viewer' })).rejects.toMatchObject({ code: 'last_admin' });
		const b = await newUser(d.db);
		await setMembership(d.db, principalOfActor(a), { organisationId: org.id, email: b.email, role: 'admin' });
		await setMembership(d.db, principalOfActor(a), { organisationId: org.id, email: a.email, role: 'viewer' });
		const roles = await d.db.selectFrom('membership').select(['user_id', 'role']).where('organisation_id', '=', org.id).orderBy('user_id').execute();
		expect(roles).toEqual([{ user_id: a.id, role: 'viewer' }, { user_id: b.id, role: 'admin' }]);
	});
});

function principalOfActor(u: Parameters<typeof principalOf>[0]) {
	const p = principalOf(u);
	return { userId: p.user.id, label: p.user.fullName };
}
