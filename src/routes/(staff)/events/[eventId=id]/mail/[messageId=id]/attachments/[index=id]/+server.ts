import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { mailAttachment } from '$lib/server/invitations/outbox';
import { downloadResponse } from '$lib/server/invitations/downloads';
import type { RequestHandler } from './$types';

/** The n-th (1-based) attachment of a mail, rendered as the worker renders it. */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const messageId = idParam(event.params.messageId);
	const index = idParam(event.params.index) - 1;
	const a = await guardLoad(() => mailAttachment(db(), principal, eventId, messageId, index));
	return downloadResponse({ bytes: a.bytes, filename: a.filename, contentType: a.contentType === 'application/pdf' ? 'application/pdf' : 'application/octet-stream', count: 1 });
};
