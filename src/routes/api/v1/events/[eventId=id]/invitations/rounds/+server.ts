import { json } from '@sveltejs/kit';
import { api, apiIdParam, readOptionalJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { apiRounds, apiSendRound } from '$lib/server/invitations/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) => json(await apiRounds(db(), principal, apiIdParam(params.eventId))));

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'invitation.send');
	const body = await readOptionalJsonObject(request);
	const r = await apiSendRound(db(), principal, eventId, body, request.headers.get('idempotency-key'));
	return json(r, { status: r.queued ? 201 : 200 });
});
