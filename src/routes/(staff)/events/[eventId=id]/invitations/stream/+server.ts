import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { invitationStream } from '$lib/server/invitations/live';
import type { RequestHandler } from './$types';

/** Server-Sent Events: "changed" whenever a reply arrives or a mail of the event changes. */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	await guardLoad(() => requireEventAccess(db(), principal, eventId, 'delegate.view'));
	return invitationStream(eventId, event.request.signal);
};
