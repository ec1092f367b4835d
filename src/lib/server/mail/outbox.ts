/**
 * The durable outbox. A capability calls enqueueMessage inside the transaction of the action that causes
 * the mail; the row commits with the action or not at all, and the worker sends it later.
 * The idempotency key makes enqueueing safe to repeat: a second round, a double click or a retried
 * request finds the row already there and queues nothing.
 */
import { sql } from 'kysely';
import { notify, type Executor } from '$lib/server/db';
import type { AttachmentRef, MailStatus } from './tables';

export const MAIL_CHANNEL = 'hn_mail_queued';

export interface NewMessage {
	organisationId: number | null;
	eventId: number | null;
	batchId?: number | null;
	kind: string;
	/** One logical mail, e.g. `invitation:42` or `reminder:7:42`. */
	idempotencyKey: string;
	delegateId?: number | null;
	to: string;
	toName?: string;
	subject: string;
	text: string;
	html?: string | null;
	attachments?: AttachmentRef[];
	sensitive?: boolean;
	createdBy?: number | null;
	/** Send no earlier than this. */
	notBefore?: Date;
}

function messageRow(m: NewMessage) {
	return {
		organisation_id: m.organisationId,
		event_id: m.eventId,
		batch_id: m.batchId ?? null,
		kind: m.kind,
		idempotency_key: m.idempotencyKey,
		delegate_id: m.delegateId ?? null,
		to_address: m.to,
		to_name: m.toName ?? '',
		subject: m.subject,
		text_body: m.text,
		html_body: m.html ?? null,
		attachments: JSON.stringify(m.attachments ?? []),
		sensitive: m.sensitive ?? false,
		created_by: m.createdBy ?? null,
		next_attempt_at: m.notBefore ?? new Date()
	};
}

/** Queues a mail; returns its id, or null when a mail with that key already exists. */
export async function enqueueMessage(db: Executor, m: NewMessage): Promise<number | null> {
	const row = await db
		.insertInto('mail_message')
		.values(messageRow(m))
		.onConflict((oc) => oc.column('idempotency_key').doNothing())
		.returning('id')
		.executeTakeFirst();
	if (row) await notify(db, MAIL_CHANNEL, String(row.id));
	return row?.id ?? null;
}

/** Rows per INSERT when queueing many mails (a round to a whole province's list: 15,000 mails). */
const ENQUEUE_CHUNK = 500;

/**
 * Queues many mails (a sending round) in a few statements and one wake-up of the workers; a mail whose key
 * exists is skipped, as with enqueueMessage. Returns how many were queued.
 */
export async function enqueueMessages(db: Executor, list: NewMessage[]): Promise<number> {
	let queued = 0;
	for (let i = 0; i < list.length; i += ENQUEUE_CHUNK) {
		const rows = await db
			.insertInto('mail_message')
			.values(list.slice(i, i + ENQUEUE_CHUNK).map(messageRow))
			.onConflict((oc) => oc.column('idempotency_key').doNothing())
			.returning('id')
			.execute();
		queued += rows.length;
	}
	if (queued) await notify(db, MAIL_CHANNEL, 'batch');
	return queued;
}

export async function createBatch(
	db: Executor,
	b: { organisationId: number | null; eventId: number | null; kind: string; label: string; createdBy: number | null }
): Promise<number> {
	const row = await db
		.insertInto('mail_batch')
		.values({ organisation_id: b.organisationId, event_id: b.eventId, kind: b.kind, label: b.label, created_by: b.createdBy })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export type StatusCounts = Record<MailStatus, number> & { total: number };

export async function batchProgress(db: Executor, batchId: number): Promise<StatusCounts> {
	const rows = await db
		.selectFrom('mail_message')
		.select(['status', sql<number>`count(*)`.as('n')])
		.where('batch_id', '=', batchId)
		.groupBy('status')
		.execute();
	return countsOf(rows);
}

export function countsOf(rows: { status: MailStatus; n: number }[]): StatusCounts {
	const out = { queued: 0, sending: 0, sent: 0, retry: 0, failed: 0, uncertain: 0, cancelled: 0, total: 0 } as StatusCounts;
	for (const r of rows) {
		out[r.status] = Number(r.n);
		out.total += Number(r.n);
	}
	return out;
}

/** Puts a failed, uncertain or cancelled mail back in the queue (a person decided to send it again). */
export async function requeueMessage(db: Executor, id: number): Promise<boolean> {
	const r = await db
		.updateTable('mail_message')
		.set({ status: 'queued', next_attempt_at: new Date(), locked_until: null, updated_at: new Date() })
		.where('id', '=', id)
		.where('status', 'in', ['failed', 'uncertain', 'cancelled'])
		.executeTakeFirst();
	if (Number(r.numUpdatedRows)) await notify(db, MAIL_CHANNEL, String(id));
	return Number(r.numUpdatedRows) > 0;
}

export async function cancelMessage(db: Executor, id: number): Promise<boolean> {
	const r = await db
		.updateTable('mail_message')
		.set({ status: 'cancelled', updated_at: new Date() })
		.where('id', '=', id)
		.where('status', 'in', ['queued', 'retry'])
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}
