import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { latestBooklet } from '$lib/server/submissions/service';
import { bookletWarnings, generateBooklet } from '$lib/server/submissions/booklet';
import { bookletDto } from '$lib/server/submissions/dto';
import type { RequestHandler } from './$types';

/**
 * The last generated booklet (contents with start pages, items left out and why, and `warnings`: the main
 * report missing, not approved or superseded, so not to be printed as it is), or null.
 */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const { event } = await requireEventAccess(db(), principal, eventId, 'submission.view');
	const b = await latestBooklet(db(), eventId);
	return json({ booklet: b ? bookletDto(b, await bookletWarnings(db(), event, b)) : null });
});

/** Generates the booklet from the current versions (with the same warnings). */
export const POST: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const b = await generateBooklet(db(), principal, eventId);
	const { event } = await requireEventAccess(db(), principal, eventId, 'submission.view');
	return json({ booklet: bookletDto(b, await bookletWarnings(db(), event, b)) }, { status: 201 });
});
