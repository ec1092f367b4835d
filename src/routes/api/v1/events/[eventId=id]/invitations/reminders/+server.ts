import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { apiSendReminders } from '$lib/server/invitations/api';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'invitation.send');
	const r = await apiSendReminders(db(), principal, eventId, await readJsonObject(request), request.headers.get('idempotency-key'));
	return json(r, { status: r.queued ? 201 : 200 });
});
