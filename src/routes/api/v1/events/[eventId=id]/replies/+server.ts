import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { apiRecordReply, apiReplies } from '$lib/server/invitations/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => json(await apiReplies(db(), principal, apiIdParam(params.eventId))));

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'invitation.send');
	return json(await apiRecordReply(db(), principal, eventId, await readJsonObject(request)));
});
