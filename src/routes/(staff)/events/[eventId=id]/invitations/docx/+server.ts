import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { downloadLetters, downloadResponse, parseLetterQuery } from '$lib/server/invitations/downloads';
import type { RequestHandler } from './$types';

/** All letters (or a filtered part) in one Word document to edit before signing, in protocol order. */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	return downloadResponse(await guardLoad(() => downloadLetters(db(), principal, eventId, 'docx', parseLetterQuery(event.url.searchParams))));
};
