import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess, budgetItem, parsedBody, reasonOf } from '$lib/server/budget/api';
import { deleteSource, updateSource } from '$lib/server/budget/service';
import { parseSourceInput } from '$lib/server/budget/schema';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	const { value, raw } = await parsedBody(request, (r) => parseSourceInput(r, { partial: true }));
	const id = apiIdParam(params.sourceId);
	await updateSource(db(), principal, eventId, id, value, reasonOf(raw));
	return budgetItem(principal, eventId, 'sources', id);
});

export const DELETE: RequestHandler = api(async ({ params }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	await deleteSource(db(), principal, eventId, apiIdParam(params.sourceId));
	return json({ deleted: true });
});
