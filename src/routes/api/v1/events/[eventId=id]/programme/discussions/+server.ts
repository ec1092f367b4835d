import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { getProgramme, syncDiscussions } from '$lib/server/programme/service';
import type { RequestHandler } from './$types';

/**
 * “Cập nhật từ tham luận”: brings the programme's tham luận items in line with the tham luận selected for
 * presentation (one item each, in speaking order, with their speaking times; items of tham luận no longer
 * presented removed; the day re-timed). The submissions capability does the same by itself on each change;
 * this is for a programme built or edited by hand. Returns `added`, `updated`, `removed` and the programme.
 */
export const POST: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const r = await syncDiscussions(db(), principal, eventId);
	const { event: _event, ...p } = await getProgramme(db(), principal, eventId);
	void _event;
	return json({ ...r, ...p });
});
