/** Column types of the mail outbox (migrations/0002_delegates_and_mail.ts). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Timestamp } from '$lib/server/db/foundation-tables';

export type MailStatus = 'queued' | 'sending' | 'sent' | 'retry' | 'failed' | 'uncertain' | 'cancelled';

/**
 * An attachment is rendered when the mail is sent (PDFs are not stored in the outbox): `renderer` names a
 * function registered with registerAttachmentRenderer, `params` is what it needs.
 */
export interface AttachmentRef {
	filename: string;
	contentType: string;
	renderer: string;
	params: Record<string, unknown>;
}

export interface MailBatchTable {
	id: Generated<number>;
	organisation_id: number | null;
	event_id: number | null;
	kind: string;
	label: Generated<string>;
	created_by: number | null;
	created_at: CreatedAt;
}

export interface MailMessageTable {
	id: Generated<number>;
	organisation_id: number | null;
	event_id: number | null;
	batch_id: number | null;
	kind: string;
	idempotency_key: string;
	delegate_id: number | null;
	to_address: string;
	to_name: Generated<string>;
	subject: string;
	text_body: string;
	html_body: string | null;
	attachments: JSONColumnType<AttachmentRef[], string, string>;
	status: Generated<MailStatus>;
	attempts: Generated<number>;
	next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
	locked_until: Timestamp | null;
	/** Random per claim: only the worker holding the claim records the outcome. */
	claim_token: string | null;
	last_error: string | null;
	error_kind: 'transient' | 'permanent' | 'interrupted' | null;
	transport: string | null;
	provider_message_id: string | null;
	sent_at: Timestamp | null;
	sensitive: Generated<boolean>;
	created_by: number | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface MailTables {
	mail_batch: MailBatchTable;
	mail_message: MailMessageTable;
}
