import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { checkinEventStream } from '$lib/server/checkin/stream';
import type { RequestHandler } from './$types';

/** Server-sent events: one `checkin` event per change, fed by LISTEN hn_checkin (all instances agree). */
export const GET: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'checkin.view');
	return checkinEventStream(eventId, request.signal);
});
