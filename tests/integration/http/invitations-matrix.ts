/**
 * The invitation part of the role × route world: a delegate with a personal link and a sent invitation
 * mail (with its letter attached), so the matrix can open /r/:token, /invitations/:delegateId and
 * /mail/:messageId. Placeholders are filled by permissions.test.ts.
 */
import type { Database_ } from '../../../src/lib/server/db';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { delegateToken, delegateTokenHash } from '../../../src/lib/server/delegates/token';
import { enqueueMessage } from '../../../src/lib/server/mail/outbox';

/** The APP_SECRET startApp gives the server (tests/helpers/server.ts): tokens are derived from it. */
export const SERVER_SECRET = 'test-secret-0123456789-0123456789-abcdef';

/**
 * Rows inserted by the test process got token hashes from the test process's secret; the server derives
 * tokens from its own. Re-derive the hashes as the server would.
 */
export async function useServerSecret(db: Database_['db'], ids: number[]): Promise<void> {
	for (const id of ids) {
		const r = await db.selectFrom('delegate').select('token_version').where('id', '=', id).executeTakeFirstOrThrow();
		await db.updateTable('delegate').set({ token_hash: delegateTokenHash(id, r.token_version, SERVER_SECRET) }).where('id', '=', id).execute();
	}
}

export async function invitationPlaceholders(d: Database_, w: { eventId: number; org: { id: number }; tiers: { id: number }[] }): Promise<Record<string, string>> {
	const [row] = await d.db.transaction().execute((tx) =>
		insertDelegates(tx, [
			{ event_id: w.eventId, tier_id: w.tiers[0].id, kind: 'person', salutation: 'Bà', full_name: 'Nguyễn Thị Thử Quyền', position: 'Giám đốc', unit: 'Sở Tài chính', email: 'thu.quyen@tinh.gov.vn', source: 'manual' }
		])
	);
	await useServerSecret(d.db, [row.id]);
	const messageId = await enqueueMessage(d.db, {
		organisationId: w.org.id,
		eventId: w.eventId,
		kind: 'invitation',
		idempotencyKey: `invitation:${row.id}`,
		delegateId: row.id,
		to: 'thu.quyen@tinh.gov.vn',
		subject: 'Giấy mời (thử quyền)',
		text: 'Kính gửi',
		attachments: [{ filename: 'giay-moi.pdf', contentType: 'application/pdf', renderer: 'invitation_pdf', params: { delegateId: row.id } }]
	});
	return { ':delegateId': String(row.id), ':messageId': String(messageId), ':token': delegateToken(row.id, 1, SERVER_SECRET) };
}
