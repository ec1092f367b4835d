import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { stageEventStream } from '$lib/server/awards/stream';
import type { RequestHandler } from './$types';

/** Server-sent events for the live views: `change` on every check-in, stage move or programme mark. */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	await guardLoad(() => requireEventAccess(db(), principal, eventId, 'programme.view'));
	return stageEventStream(eventId, event.request.signal);
};
