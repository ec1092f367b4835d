/** Queueing an invitation mail and the live signal, shared by rounds, replies and substitutes. */
import { notify, type Executor, type Tx } from '$lib/server/db';
import type { EventRow } from '$lib/server/auth/access';
import { enqueueMessage, type NewMessage } from '$lib/server/mail/outbox';
import { normalizeText } from '$lib/format';
import type { LetterSettings } from './settings';
import type { Delegate } from './letter';
import { invitationMail } from './notifications';

/** NOTIFY channel: payload is the event id; the organiser's pages refresh on it. */
export const INVITATION_CHANNEL = 'hn_invitations';

export async function signalEvent(db: Executor, eventId: number): Promise<void> {
	await notify(db, INVITATION_CHANNEL, String(eventId));
}

type InvitationOpts = { batchId?: number | null; createdBy?: number | null; key?: string; replaces?: Delegate | null };

/** The outbox row of one invitation mail; null for a delegate without an email. */
export function invitationMessage(event: EventRow, s: LetterSettings, d: Delegate, opts: InvitationOpts): NewMessage | null {
	if (!d.email) return null;
	const m = invitationMail(event, s, d, opts.replaces);
	return {
		organisationId: event.organisation_id,
		eventId: event.id,
		batchId: opts.batchId ?? null,
		kind: 'invitation',
		idempotencyKey: opts.key ?? `invitation:${d.id}`,
		delegateId: d.id,
		to: d.email,
		toName: d.kind === 'unit' ? normalizeText(d.addressed_to || d.unit) : d.full_name,
		subject: m.subject,
		text: m.text,
		html: m.html,
		attachments: m.attachments,
		createdBy: opts.createdBy ?? null
	};
}

/** Queues one invitation mail for an active delegate with an email; false when their key exists. */
export async function enqueueInvitation(tx: Tx, event: EventRow, s: LetterSettings, d: Delegate, opts: InvitationOpts): Promise<boolean> {
	const m = invitationMessage(event, s, d, opts);
	return m !== null && (await enqueueMessage(tx, m)) !== null;
}
