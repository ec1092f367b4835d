import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { getEvent, setEventArchived } from '$lib/server/events/service';
import { eventDto } from '$lib/server/events/dto';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const id = apiIdParam(params.eventId);
	let archived = true;
	const text = await request.text();
	if (text.trim()) {
		try {
			const body = JSON.parse(text);
			if (body && typeof body.archived === 'boolean') archived = body.archived;
		} catch {
			/* an empty or non-JSON body means archive */
		}
	}
	await setEventArchived(db(), principal, id, archived);
	const { event, tiers } = await getEvent(db(), principal, id);
	return json(eventDto(event, tiers));
});
