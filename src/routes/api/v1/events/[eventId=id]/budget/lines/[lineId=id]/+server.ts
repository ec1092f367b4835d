import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { budgetAccess, budgetItem, parsedBody } from '$lib/server/budget/api';
import { deleteLine, updateLine } from '$lib/server/budget/service';
import { parseLineInput } from '$lib/server/budget/schema';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	const { value } = await parsedBody(request, (raw) => parseLineInput(raw, { partial: true }));
	const id = apiIdParam(params.lineId);
	await updateLine(db(), principal, eventId, id, value);
	return budgetItem(principal, eventId, 'lines', id);
});

export const DELETE: RequestHandler = api(async ({ params }, principal) => {
	const eventId = await budgetAccess(principal, params.eventId, 'budget.edit');
	await deleteLine(db(), principal, eventId, apiIdParam(params.lineId));
	return json({ deleted: true });
});
