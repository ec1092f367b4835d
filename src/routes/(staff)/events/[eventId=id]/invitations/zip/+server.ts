import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { downloadLetters, downloadResponse, parseLetterQuery } from '$lib/server/invitations/downloads';
import type { RequestHandler } from './$types';

/** One PDF per delegate in a ZIP: giay-moi-<stt>-<name>.pdf. */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	return downloadResponse(await guardLoad(() => downloadLetters(db(), principal, eventId, 'zip', parseLetterQuery(event.url.searchParams))));
};
