import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { latestBooklet } from '$lib/server/submissions/service';
import { generateBooklet } from '$lib/server/submissions/booklet';
import { bookletDto } from '$lib/server/submissions/dto';
import type { RequestHandler } from './$types';

/** The last generated booklet (contents with start pages, items left out and why), or null. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'submission.view');
	const b = await latestBooklet(db(), eventId);
	return json({ booklet: b ? bookletDto(b) : null });
});

/** Generates the booklet from the current versions. */
export const POST: RequestHandler = api(async ({ params }, principal) => {
	const b = await generateBooklet(db(), principal, apiIdParam(params.eventId));
	return json({ booklet: bookletDto(b) }, { status: 201 });
});
