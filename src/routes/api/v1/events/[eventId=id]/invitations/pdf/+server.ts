import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { downloadLetters, downloadResponse, parseLetterQuery } from '$lib/server/invitations/downloads';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params, url }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'invitation.send');
	return downloadResponse(await downloadLetters(db(), principal, eventId, 'pdf', parseLetterQuery(url.searchParams)));
});
