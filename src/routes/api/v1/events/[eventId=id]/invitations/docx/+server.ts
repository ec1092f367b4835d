import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { downloadLetters, downloadResponse, parseLetterQuery } from '$lib/server/invitations/downloads';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params, url }, principal) =>
	downloadResponse(await downloadLetters(db(), principal, apiIdParam(params.eventId), 'docx', parseLetterQuery(url.searchParams)))
);
