/**
 * Accounts: first-run setup, sign-in, users, organisations, memberships, API tokens.
 * Every change writes its audit row in the same transaction.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { DomainError, forbidden, invalid, notFound, mapConstraintError } from '$lib/server/errors';
import { writeAudit, type Actor, SYSTEM_ACTOR } from '$lib/server/audit';
import { hashPassword, verifyPassword, assertPasswordStrong } from '$lib/server/auth/password';
import { checkLoginThrottle, recordLoginAttempt } from '$lib/server/auth/throttle';
import { createSession, generateSessionToken, type Session } from '$lib/server/auth/session';
import { issueApiToken } from '$lib/server/auth/api-token';
import { isRole, type Role } from '$lib/server/auth/permissions';
import type { OrganisationKind } from '$lib/server/db/foundation-tables';
import { normalizeText } from '$lib/format';

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const ORG_KINDS: OrganisationKind[] = ['province_office', 'department', 'commune', 'other'];

export const ORG_KIND_LABELS: Record<OrganisationKind, string> = {
	province_office: 'Văn phòng UBND tỉnh',
	department: 'Sở, ban, ngành',
	commune: 'UBND xã, phường',
	other: 'Khác'
};

export function normalizeEmail(raw: string): string {
	return normalizeText(raw).toLowerCase();
}

export async function userCount(db: Executor): Promise<number> {
	const r = await db
		.selectFrom('app_user')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

export interface NewUserInput {
	email: string;
	fullName: string;
	password: string;
	isSystemAdmin?: boolean;
}

function validateUser(input: NewUserInput): { email: string; fullName: string } {
	const email = normalizeEmail(input.email ?? '');
	const fullName = normalizeText(input.fullName ?? '');
	const fields: Record<string, string> = {};
	if (!EMAIL_RE.test(email)) fields.email = 'Email không hợp lệ';
	if (!fullName) fields.fullName = 'Vui lòng nhập họ tên';
	if (Object.keys(fields).length) throw invalid(fields);
	assertPasswordStrong(input.password ?? '');
	return { email, fullName };
}

const USER_CONSTRAINTS = {
	app_user_email_key: { code: 'email_taken', message: 'Email này đã có tài khoản', field: 'email' }
};
const ORG_CONSTRAINTS = {
	organisation_name_key: { code: 'org_name_taken', message: 'Đã có đơn vị mang tên này', field: 'name' }
};

/**
 * First run: creates the first administrator and their organisation. Refused once any user exists
 * (the check and the insert are serialised by a transaction-level advisory lock).
 */
export async function setupFirstAdmin(
	db: Executor,
	input: NewUserInput & { organisationName: string; organisationKind?: OrganisationKind },
	ip?: string | null
): Promise<{ userId: number; organisationId: number }> {
	const { email, fullName } = validateUser(input);
	const orgName = normalizeText(input.organisationName ?? '');
	if (!orgName) throw invalid({ organisationName: 'Vui lòng nhập tên đơn vị' });
	const passwordHash = await hashPassword(input.password);
	return inTransaction(db, async (tx) => {
		await sql`select pg_advisory_xact_lock(4242001)`.execute(tx);
		if ((await userCount(tx)) > 0)
			throw new DomainError('already_set_up', 'Hệ thống đã có tài khoản quản trị', { status: 409 });
		const user = await tx
			.insertInto('app_user')
			.values({ email, full_name: fullName, password_hash: passwordHash, is_system_admin: true })
			.returning('id')
			.executeTakeFirstOrThrow();
		const org = await tx
			.insertInto('organisation')
			.values({ name: orgName, kind: input.organisationKind ?? 'province_office' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('membership')
			.values({ user_id: user.id, organisation_id: org.id, role: 'admin' })
			.execute();
		const actor: Actor = { userId: user.id, label: fullName, ip };
		await writeAudit(tx, actor, {
			action: 'account.setup',
			entityType: 'user',
			entityId: user.id,
			organisationId: org.id,
			data: { email, organisation: orgName }
		});
		return { userId: user.id, organisationId: org.id };
	});
}

export type LoginResult =
	| { ok: true; token: string; session: Session; userId: number }
	| { ok: false; code: 'invalid_credentials' | 'throttled'; message: string; retryAfterSeconds?: number };

/** Checks the throttle, the password (constant work whether or not the account exists), records the attempt. */
export async function login(
	db: Executor,
	input: { email: string; password: string; ip: string; userAgent?: string | null },
	now = new Date()
): Promise<LoginResult> {
	const email = normalizeEmail(input.email ?? '');
	const throttle = await checkLoginThrottle(db, email, input.ip, now);
	if (!throttle.allowed) {
		const minutes = Math.ceil(throttle.retryAfterSeconds / 60);
		return {
			ok: false,
			code: 'throttled',
			message: `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
			retryAfterSeconds: throttle.retryAfterSeconds
		};
	}
	const user = await db
		.selectFrom('app_user')
		.select(['id', 'password_hash', 'disabled_at', 'full_name'])
		.where('email', '=', email)
		.executeTakeFirst();
	// Verify against a dummy hash when the account does not exist, so timing does not reveal it.
	const valid = await verifyPassword(user?.password_hash ?? (await dummyHash()), input.password ?? '');
	const success = !!user && valid && !user.disabled_at;
	await recordLoginAttempt(db, email, input.ip, success, now);
	if (!success || !user) {
		return { ok: false, code: 'invalid_credentials', message: 'Email hoặc mật khẩu không đúng' };
	}
	const token = generateSessionToken();
	const session = await inTransaction(db, async (tx) => {
		const s = await createSession(tx, token, user.id, { ip: input.ip, userAgent: input.userAgent }, now);
		await writeAudit(tx, { userId: user.id, label: user.full_name, ip: input.ip }, {
			action: 'account.login',
			entityType: 'user',
			entityId: user.id
		});
		return s;
	});
	return { ok: true, token, session, userId: user.id };
}

// A real argon2id hash of a random string, used only to spend the same time on unknown accounts.
// Module-level because it is a constant of the process, not per-user state.
let dummy: Promise<string> | null = null;
function dummyHash(): Promise<string> {
	return (dummy ??= hashPassword(crypto.randomUUID()));
}

export async function createUser(
	db: Executor,
	actor: Actor,
	input: NewUserInput & { organisationId?: number | null; role?: Role | null }
): Promise<number> {
	const { email, fullName } = validateUser(input);
	if (input.role != null && !isRole(input.role)) throw invalid({ role: 'Vai trò không hợp lệ' });
	const passwordHash = await hashPassword(input.password);
	try {
		return await inTransaction(db, async (tx) => {
			const user = await tx
				.insertInto('app_user')
				.values({
					email,
					full_name: fullName,
					password_hash: passwordHash,
					is_system_admin: !!input.isSystemAdmin
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			if (input.organisationId && input.role) {
				await tx
					.insertInto('membership')
					.values({ user_id: user.id, organisation_id: input.organisationId, role: input.role })
					.execute();
			}
			await writeAudit(tx, actor, {
				action: 'account.user.created',
				entityType: 'user',
				entityId: user.id,
				organisationId: input.organisationId ?? null,
				data: { email, fullName, isSystemAdmin: !!input.isSystemAdmin, role: input.role ?? null }
			});
			return user.id;
		});
	} catch (e) {
		throw mapConstraintError(e, USER_CONSTRAINTS);
	}
}

export async function changePassword(
	db: Executor,
	actor: Actor,
	userId: number,
	current: string,
	next: string
): Promise<void> {
	const user = await db
		.selectFrom('app_user')
		.select('password_hash')
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user) throw notFound();
	if (!(await verifyPassword(user.password_hash, current ?? '')))
		throw invalid({ current: 'Mật khẩu hiện tại không đúng' }, 'Mật khẩu hiện tại không đúng');
	assertPasswordStrong(next ?? '', 'next');
	const hash = await hashPassword(next);
	await inTransaction(db, async (tx) => {
		await tx.updateTable('app_user').set({ password_hash: hash }).where('id', '=', userId).execute();
		await writeAudit(tx, actor, { action: 'account.password.changed', entityType: 'user', entityId: userId });
	});
}

/** Administrator sets a new password for someone (and signs them out everywhere). */
export async function resetPassword(db: Executor, actor: Actor, userId: number, next: string): Promise<void> {
	assertPasswordStrong(next ?? '', 'password');
	const hash = await hashPassword(next);
	await inTransaction(db, async (tx) => {
		const r = await tx.updateTable('app_user').set({ password_hash: hash }).where('id', '=', userId).executeTakeFirst();
		if (!Number(r.numUpdatedRows)) throw notFound('Không tìm thấy tài khoản');
		await tx.deleteFrom('user_session').where('user_id', '=', userId).execute();
		await writeAudit(tx, actor, { action: 'account.password.reset', entityType: 'user', entityId: userId });
	});
}

export async function setUserDisabled(db: Executor, actor: Actor, userId: number, disabled: boolean): Promise<void> {
	if (actor.userId === userId && disabled) throw forbidden('Không thể tự khóa tài khoản của chính mình');
	await inTransaction(db, async (tx) => {
		const r = await tx
			.updateTable('app_user')
			.set({ disabled_at: disabled ? new Date() : null })
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!Number(r.numUpdatedRows)) throw notFound('Không tìm thấy tài khoản');
		if (disabled) await tx.deleteFrom('user_session').where('user_id', '=', userId).execute();
		await writeAudit(tx, actor, {
			action: disabled ? 'account.user.disabled' : 'account.user.enabled',
			entityType: 'user',
			entityId: userId
		});
	});
}

export async function listUsers(db: Executor) {
	return db
		.selectFrom('app_user')
		.select(['id', 'email', 'full_name', 'is_system_admin', 'disabled_at', 'created_at'])
		.orderBy('full_name')
		.execute();
}

export async function listOrganisations(db: Executor) {
	return db
		.selectFrom('organisation')
		.select(['id', 'name', 'short_name', 'kind', 'address', 'archived_at', 'created_at'])
		.orderBy('name')
		.execute();
}

export async function createOrganisation(
	db: Executor,
	actor: Actor,
	input: { name: string; shortName?: string | null; kind?: string; address?: string | null }
): Promise<number> {
	const name = normalizeText(input.name ?? '');
	if (!name) throw invalid({ name: 'Vui lòng nhập tên đơn vị' });
	const kind = (input.kind ?? 'other') as OrganisationKind;
	if (!ORG_KINDS.includes(kind)) throw invalid({ kind: 'Loại đơn vị không hợp lệ' });
	try {
		return await inTransaction(db, async (tx) => {
			const org = await tx
				.insertInto('organisation')
				.values({
					name,
					short_name: normalizeText(input.shortName ?? '') || null,
					kind,
					address: normalizeText(input.address ?? '') || null
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await writeAudit(tx, actor, {
				action: 'account.organisation.created',
				entityType: 'organisation',
				entityId: org.id,
				organisationId: org.id,
				data: { name, kind }
			});
			return org.id;
		});
	} catch (e) {
		throw mapConstraintError(e, ORG_CONSTRAINTS);
	}
}

export async function listMembers(db: Executor, organisationId: number) {
	return db
		.selectFrom('membership')
		.innerJoin('app_user', 'app_user.id', 'membership.user_id')
		.select([
			'app_user.id',
			'app_user.email',
			'app_user.full_name',
			'app_user.disabled_at',
			'membership.role',
			'membership.created_at'
		])
		.where('membership.organisation_id', '=', organisationId)
		.orderBy('app_user.full_name')
		.execute();
}

/** Adds or changes a member's role; refuses to remove the organisation's last administrator. */
export async function setMembership(
	db: Executor,
	actor: Actor,
	input: { organisationId: number; email: string; role: Role | null }
): Promise<void> {
	if (input.role !== null && !isRole(input.role)) throw invalid({ role: 'Vai trò không hợp lệ' });
	const email = normalizeEmail(input.email ?? '');
	await inTransaction(db, async (tx) => {
		const user = await tx.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
		if (!user) throw invalid({ email: 'Chưa có tài khoản với email này' }, 'Chưa có tài khoản với email này');
		const before = await tx
			.selectFrom('membership')
			.select('role')
			.where('user_id', '=', user.id)
			.where('organisation_id', '=', input.organisationId)
			.forUpdate()
			.executeTakeFirst();
		if (before?.role === 'admin' && input.role !== 'admin') {
			const admins = await tx
				.selectFrom('membership')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('organisation_id', '=', input.organisationId)
				.where('role', '=', 'admin')
				.executeTakeFirstOrThrow();
			if (Number(admins.n) <= 1)
				throw new DomainError('last_admin', 'Đơn vị phải còn ít nhất một người quản trị', { status: 409 });
		}
		if (input.role === null) {
			await tx
				.deleteFrom('membership')
				.where('user_id', '=', user.id)
				.where('organisation_id', '=', input.organisationId)
				.execute();
		} else {
			await tx
				.insertInto('membership')
				.values({ user_id: user.id, organisation_id: input.organisationId, role: input.role })
				.onConflict((oc) => oc.columns(['user_id', 'organisation_id']).doUpdateSet({ role: input.role! }))
				.execute();
		}
		await writeAudit(tx, actor, {
			action: input.role === null ? 'account.membership.removed' : 'account.membership.set',
			entityType: 'membership',
			entityId: `${user.id}:${input.organisationId}`,
			organisationId: input.organisationId,
			data: { email, from: before?.role ?? null, to: input.role }
		});
	});
}

export async function listApiTokens(db: Executor) {
	return db
		.selectFrom('api_token')
		.innerJoin('app_user', 'app_user.id', 'api_token.user_id')
		.select([
			'api_token.id',
			'api_token.name',
			'api_token.token_prefix',
			'api_token.created_at',
			'api_token.last_used_at',
			'api_token.expires_at',
			'api_token.revoked_at',
			'app_user.email',
			'app_user.full_name'
		])
		.orderBy('api_token.created_at', 'desc')
		.execute();
}

export async function createApiToken(
	db: Executor,
	actor: Actor,
	input: { userId: number; name: string; expiresAt?: Date | null }
): Promise<{ id: number; token: string }> {
	const name = normalizeText(input.name ?? '');
	if (!name) throw invalid({ name: 'Vui lòng đặt tên cho khóa API' });
	return inTransaction(db, async (tx) => {
		const exists = await tx.selectFrom('app_user').select('id').where('id', '=', input.userId).executeTakeFirst();
		if (!exists) throw invalid({ userId: 'Không tìm thấy tài khoản' });
		const res = await issueApiToken(tx, {
			userId: input.userId,
			name,
			createdBy: actor.userId,
			expiresAt: input.expiresAt
		});
		await writeAudit(tx, actor, {
			action: 'account.api_token.issued',
			entityType: 'api_token',
			entityId: res.id,
			data: { userId: input.userId, name }
		});
		return res;
	});
}

export async function revokeApiToken(db: Executor, actor: Actor, tokenId: number): Promise<void> {
	await inTransaction(db, async (tx) => {
		const r = await tx
			.updateTable('api_token')
			.set({ revoked_at: new Date() })
			.where('id', '=', tokenId)
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		if (!Number(r.numUpdatedRows)) throw notFound('Không tìm thấy khóa API còn hiệu lực');
		await writeAudit(tx, actor, { action: 'account.api_token.revoked', entityType: 'api_token', entityId: tokenId });
	});
}

export { SYSTEM_ACTOR };
