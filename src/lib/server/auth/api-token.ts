/**
 * Personal API tokens: issued and revoked by an administrator, shown once, stored only as SHA-256.
 * Format "hn_" + 32 base32 characters, so that a leaked token is recognisable in logs and scanners.
 */
import type { Executor } from '$lib/server/db';
import { generateToken, hashToken } from './tokens';
import type { SessionUser } from './session';

export const API_TOKEN_PREFIX = 'hn_';

export async function issueApiToken(
	db: Executor,
	input: { userId: number; name: string; createdBy: number | null; expiresAt?: Date | null }
): Promise<{ id: number; token: string }> {
	const token = API_TOKEN_PREFIX + generateToken(20);
	const row = await db
		.insertInto('api_token')
		.values({
			user_id: input.userId,
			name: input.name,
			token_hash: hashToken(token),
			token_prefix: token.slice(0, 8),
			created_by: input.createdBy,
			expires_at: input.expiresAt ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, token };
}

export async function validateApiToken(
	db: Executor,
	token: string,
	now = new Date()
): Promise<{ tokenId: number; user: SessionUser } | null> {
	if (!token.startsWith(API_TOKEN_PREFIX) || !/^hn_[a-z2-7]{32}$/.test(token)) return null;
	const row = await db
		.selectFrom('api_token')
		.innerJoin('app_user', 'app_user.id', 'api_token.user_id')
		.select([
			'api_token.id',
			'api_token.revoked_at',
			'api_token.expires_at',
			'api_token.last_used_at',
			'app_user.id as user_id',
			'app_user.email',
			'app_user.full_name',
			'app_user.is_system_admin',
			'app_user.disabled_at'
		])
		.where('api_token.token_hash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row || row.revoked_at || row.disabled_at) return null;
	if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return null;
	// Recording every use would write on every API call; once a minute is precise enough.
	if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
		await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
	}
	return {
		tokenId: row.id,
		user: {
			id: row.user_id,
			email: row.email,
			fullName: row.full_name,
			isSystemAdmin: row.is_system_admin
		}
	};
}
